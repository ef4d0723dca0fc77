package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Result of {@code mcpServer/oauth/login}, sent as soon as the login is ready for the browser.
 *
 * @param authorizationUrl the URL to open in a browser
 */
@JsonClassDescription("Result of `mcpServer/oauth/login`. The outcome arrives later as the notification "
        + "`mcpServer/oauthLogin/completed`.")
public record McpServerOauthLoginResponse(
        @JsonProperty(required = true)
        @JsonPropertyDescription("The URL to open in the user's browser.")
        String authorizationUrl) {
}

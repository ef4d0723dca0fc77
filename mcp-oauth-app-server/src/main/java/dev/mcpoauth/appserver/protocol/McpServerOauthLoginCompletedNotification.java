package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Params of the notification {@code mcpServer/oauthLogin/completed}: exactly one per login that
 * answered with an authorization URL.
 *
 * @param name    the server
 * @param success whether credentials were stored
 * @param error   what went wrong and what to do next, or {@code null} on success
 */
@JsonClassDescription("Params of the notification `mcpServer/oauthLogin/completed`, sent once for every "
        + "`mcpServer/oauth/login` that returned an authorization URL.")
public record McpServerOauthLoginCompletedNotification(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) boolean success,
        @JsonPropertyDescription("When success is false: what went wrong and what to do next, for a person to read.")
        String error) {

    public static McpServerOauthLoginCompletedNotification succeeded(String name) {
        return new McpServerOauthLoginCompletedNotification(name, true, null);
    }

    public static McpServerOauthLoginCompletedNotification failed(String name, String error) {
        return new McpServerOauthLoginCompletedNotification(name, false, error);
    }
}

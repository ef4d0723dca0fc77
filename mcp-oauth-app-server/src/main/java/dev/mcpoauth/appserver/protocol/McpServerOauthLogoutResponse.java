package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Result of {@code mcpServer/oauth/logout}.
 *
 * @param removed whether stored credentials were removed
 * @param message the reference host's sentence for the outcome
 */
@JsonClassDescription("Result of `mcpServer/oauth/logout`.")
public record McpServerOauthLogoutResponse(
        @JsonProperty(required = true)
        @JsonPropertyDescription("True when stored credentials were removed, false when none were stored.")
        boolean removed,
        @JsonProperty(required = true)
        @JsonPropertyDescription("\"Removed OAuth credentials for '{name}'.\" or \"No OAuth credentials stored for '{name}'.\"")
        String message) {

    public static McpServerOauthLogoutResponse of(String name, boolean removed) {
        return new McpServerOauthLogoutResponse(removed, removed
                ? "Removed OAuth credentials for '" + name + "'."
                : "No OAuth credentials stored for '" + name + "'.");
    }
}

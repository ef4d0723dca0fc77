package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Params of {@code mcpServer/oauth/logout}.
 *
 * @param name a server configured in {@code config.toml}
 */
@JsonClassDescription("Params of `mcpServer/oauth/logout`.")
public record McpServerOauthLogoutParams(
        @JsonProperty(required = true)
        @JsonPropertyDescription("Name of a server configured in config.toml.")
        String name) {
}

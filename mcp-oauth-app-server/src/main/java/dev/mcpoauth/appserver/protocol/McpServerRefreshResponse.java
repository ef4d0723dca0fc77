package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;

/** Result of {@code config/mcpServer/reload}: always {@code {}}. */
@JsonClassDescription("Result of `config/mcpServer/reload`: an empty object once config.toml was read again.")
public record McpServerRefreshResponse() {
}

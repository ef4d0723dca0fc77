package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One configured server in {@code mcpServerStatus/list}.
 *
 * @param name       the {@code [mcp_servers.NAME]} name
 * @param authStatus how it authenticates
 * @param url        its streamable HTTP URL, or {@code null} for a stdio server
 */
@JsonClassDescription("A configured MCP server and how it authenticates.")
public record McpServerStatus(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) McpAuthStatus authStatus,
        @JsonPropertyDescription("The streamable HTTP URL; absent for a stdio server.")
        String url) {
}

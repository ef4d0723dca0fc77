/**
 * OAuth for the official MCP Java SDK ({@code io.modelcontextprotocol.sdk:mcp}): the entry point is
 * {@link dev.mcpoauth.mcpsdk.McpOAuthTransports#streamableHttp(java.net.URI, dev.mcpoauth.mcpsdk.McpOAuth)};
 * {@link dev.mcpoauth.mcpsdk.McpOAuth} holds the options and {@link dev.mcpoauth.mcpsdk.LoginInteraction}
 * decides how the user reaches the authorization URL.
 */
package dev.mcpoauth.mcpsdk;

/**
 * {@code config.toml}, with the reference host's keys: {@link dev.mcpoauth.config.McpOAuthConfig}
 * and one {@link dev.mcpoauth.config.ServerConfig} per {@code [mcp_servers.NAME]} table.
 */
package dev.mcpoauth.config;

package dev.mcpoauth.appserver;

import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.config.ServerConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The current {@code config.toml}: read at start, read again on {@code config/mcpServer/reload}. A
 * reload that fails keeps the previous configuration. Logins already running keep the settings they
 * started with.
 */
final class ConfigSource {
    private final Path file;
    private volatile McpOAuthConfig current;

    private ConfigSource(Path file, McpOAuthConfig config) {
        this.file = file;
        this.current = config;
    }

    /**
     * Reads {@code file}; a missing file is an empty configuration.
     *
     * @throws dev.mcpoauth.McpOAuthException {@code invalid_input} naming the file and key at fault
     */
    static ConfigSource load(Path file) {
        Objects.requireNonNull(file, "file");
        return new ConfigSource(file, McpOAuthConfig.load(file));
    }

    McpOAuthConfig current() {
        return current;
    }

    /** Reads the file again; on failure the previous configuration stays and the exception propagates. */
    McpOAuthConfig reload() {
        McpOAuthConfig fresh = McpOAuthConfig.load(file);
        current = fresh;
        return fresh;
    }

    Path file() {
        return file;
    }

    /**
     * The server named {@code name}.
     *
     * @throws RpcError -32600 with the reference's message when there is none
     */
    ServerConfig server(String name) {
        return server(current, name);
    }

    /** As {@link #server(String)}, in a configuration the caller already holds. */
    static ServerConfig server(McpOAuthConfig config, String name) {
        return config.server(name).orElseThrow(() -> RpcError.invalidRequest("No MCP server named '" + name + "' found."));
    }
}

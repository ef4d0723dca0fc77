package dev.mcpoauth.store;

import java.util.Objects;

/**
 * What credentials are stored under: the server's configured name and its URL. Changing the URL of
 * a named server therefore never reuses tokens issued for the old one.
 *
 * @param name the server name, e.g. {@code "linear"}
 * @param url  the MCP server URL as configured
 */
public record ServerKey(String name, String url) {
    public ServerKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
    }

    /** A stable single-string form, {@code name|url}. */
    public String id() {
        return name + "|" + url;
    }
}

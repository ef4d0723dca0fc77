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

    // equals and hashCode as the record would derive them, written out: the derived ones are linked
    // through an invokedynamic bootstrap on first use, which a one-shot CLI command pays in full.

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerKey key && name.equals(key.name) && url.equals(key.url);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + url.hashCode();
    }
}

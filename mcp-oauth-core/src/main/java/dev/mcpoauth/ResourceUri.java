package dev.mcpoauth;

import dev.mcpoauth.internal.Urls;
import java.net.URI;
import java.util.Objects;

/**
 * The canonical URI of an MCP server as an OAuth protected resource (RFC 8707 §2, MCP authorization
 * "Canonical Server URI"): absolute, lower-case scheme and host, no default port, no fragment.
 *
 * <p>It is sent as the {@code resource} parameter on authorization, token and refresh requests, and
 * the protected resource metadata's {@code resource} is checked against it.
 *
 * <pre>{@code
 * ResourceUri resource = ResourceUri.of("HTTPS://MCP.Example.com:443/mcp#x");
 * resource.value(); // "https://mcp.example.com/mcp"
 * ResourceUri.of("https://mcp.example.com").value(); // "https://mcp.example.com" (no slash added)
 * }</pre>
 *
 * @param uri the canonical form
 */
public record ResourceUri(URI uri) {

    public ResourceUri {
        Objects.requireNonNull(uri, "uri");
    }

    /**
     * Canonicalizes a server URL.
     *
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} when it is not an absolute URL with a host
     */
    public static ResourceUri of(String url) {
        URI canonical = Urls.canonical(url, "MCP server URL");
        String raw = URI.create(url.trim()).getRawPath();
        if ((raw == null || raw.isEmpty()) && canonical.getRawQuery() == null) {
            // A pathless identifier stays pathless: RFC 9728 §3.3 compares the resource as published,
            // and MCP authorization prefers the form without a trailing slash.
            String value = canonical.toString();
            return new ResourceUri(URI.create(value.substring(0, value.length() - 1)));
        }
        return new ResourceUri(canonical);
    }

    /** Canonicalizes a server URI. */
    public static ResourceUri of(URI uri) {
        return of(uri.toString());
    }

    /** The string sent as the {@code resource} parameter. */
    public String value() {
        String s = uri.toString();
        // RFC 8707 allows a trailing slash to be omitted; keep the server URL's own path otherwise.
        return s;
    }

    /**
     * Whether protected resource metadata naming {@code other} may speak for this resource: the same
     * origin, and {@code other}'s path is this path or a prefix of it at a segment boundary (the
     * common relaxation of RFC 9728 §3.3, so one PRM can cover {@code /mcp} and {@code /mcp/sse}).
     */
    public boolean isCoveredBy(ResourceUri other) {
        if (!dev.mcpoauth.http.HttpTransport.sameOrigin(uri, other.uri)) {
            return false;
        }
        String mine = uri.getRawPath();
        String theirs = other.uri.getRawPath();
        if (mine.equals(theirs)) {
            return true;
        }
        String prefix = theirs.endsWith("/") ? theirs : theirs + "/";
        return mine.startsWith(prefix) || (mine + "/").equals(theirs);
    }

    @Override
    public String toString() {
        return value();
    }
}

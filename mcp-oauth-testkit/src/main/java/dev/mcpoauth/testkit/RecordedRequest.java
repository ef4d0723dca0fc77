package dev.mcpoauth.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request received by either test server, recorded before it was handled.
 *
 * @param method  the HTTP method, e.g. {@code "POST"}
 * @param path    the raw (undecoded) request path, without the query
 * @param query   the raw query string, or {@code null} if the request had none
 * @param headers the request headers, names in lower case
 * @param body    the request body decoded as UTF-8 (at most 1 MiB; empty if there was none)
 * @param server  {@code "mcp"} for the MCP server's endpoints, {@code "as"} for the authorization server's
 *                (including the client metadata host); in legacy modes both live on one port and this names the
 *                component that owns the path
 * @param receivedAt when the request (headers and body) had been read, from a monotonic clock anchored at the
 *                   wall clock when the servers started; {@code null} for a request built by hand
 * @param answeredAt when the response was handed to the connection (after the configured response delay); {@code null} while
 *                   the request is still being handled, or for a request built by hand. A request received before
 *                   another one was answered overlapped it in time (see {@link RoundTrips})
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
                              String body, String server, Instant receivedAt, Instant answeredAt) {

    /** A request without timestamps (both {@code null}). */
    public RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
                           String body, String server) {
        this(method, path, query, headers, body, server, null, null);
    }

    /**
     * Returns the first value of a header.
     *
     * @param name header name, any case
     * @return the first value, or {@code null} if absent
     */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}

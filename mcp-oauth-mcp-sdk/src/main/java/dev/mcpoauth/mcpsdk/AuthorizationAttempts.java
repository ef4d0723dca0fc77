package dev.mcpoauth.mcpsdk;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the authorizations (logins and step-ups) made on behalf of one resource and operation,
 * so a server that keeps refusing cannot send the user through the browser forever (MCP
 * authorization, "Step-Up Authorization Flow": clients SHOULD limit retries; OkHttp's
 * {@code Authenticator} stops when the same credential was already tried).
 *
 * <p>A count covers one request: it starts afresh when the operation is sent again with a new
 * JSON-RPC id (a retry of the same request keeps its id), so a later call gets its own three tries.
 */
final class AuthorizationAttempts {
    /** Authorizations per resource and operation; the first login counts (the conformance suite allows 3). */
    static final int MAX_ATTEMPTS = 3;

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final Map<String, String> lastRequestIds = new ConcurrentHashMap<>();

    /** A request is being sent: a new JSON-RPC id starts the operation's count (and the GET stream's) afresh. */
    void sending(String resource, McpOperation operation) {
        if (operation.requestId() == null) {
            return;
        }
        String key = key(resource, operation);
        String previous = lastRequestIds.put(key, operation.requestId());
        if (!operation.requestId().equals(previous)) {
            counts.remove(key);
            counts.remove(resource + " GET");
        }
    }

    /** Takes one attempt; {@code false} when {@link #MAX_ATTEMPTS} were already made. */
    boolean tryAcquire(String resource, McpOperation operation) {
        boolean[] acquired = new boolean[1];
        counts.compute(key(resource, operation), (k, count) -> {
            int used = count == null ? 0 : count;
            acquired[0] = used < MAX_ATTEMPTS;
            return acquired[0] ? used + 1 : used;
        });
        return acquired[0];
    }

    /** Attempts made so far for the operation. */
    int count(String resource, McpOperation operation) {
        return counts.getOrDefault(key(resource, operation), 0);
    }

    private static String key(String resource, McpOperation operation) {
        return resource + " " + operation.key();
    }
}

package dev.mcpoauth.token;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.discovery.WwwAuthenticate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Step-up authorization: what to do when an MCP server answers 403 with
 * {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="..."}. The client authorizes
 * again asking for the union of the scopes it asked for before and the scopes the challenge names
 * (never fewer, so one step-up cannot undo another), at most {@link #MAX_ATTEMPTS} times for the
 * same resource and operation; after that it gives up with {@link ErrorCode#INSUFFICIENT_SCOPE}
 * instead of looping forever against a server that is never satisfied.
 *
 * <pre>{@code
 * StepUp stepUp = new StepUp();
 * // the server answered tools/call with 403:
 * Optional<Set<String>> challenged = StepUp.challengedScopes(403, response.headers().allValues("WWW-Authenticate"));
 * if (challenged.isPresent()) {
 *     Set<String> scopes = stepUp.next(resource, "tools/call", requestedBefore, challenged.get());
 *     // log in again with `scopes`, then retry; after a success:
 *     stepUp.succeeded(resource, "tools/call");
 * }
 * }</pre>
 *
 * <p>Thread safe; one instance per client session (the counts live in it).
 *
 * <p>Related specifications: MCP authorization (2026-07-28) "Scope Selection Strategy" and
 * "Step-Up Authorization Flow"; RFC 6750 §3.1 ({@code insufficient_scope}); RFC 6749 §3.3.
 */
public final class StepUp {
    /** Re-authorizations allowed per resource and operation before giving up. */
    public static final int MAX_ATTEMPTS = 3;

    private record Key(String resource, String operation) {
    }

    private final Map<Key, AtomicInteger> attempts = new ConcurrentHashMap<>();

    /**
     * The scopes a 403 {@code insufficient_scope} challenge asks for; empty when the response is not
     * such a challenge (another status, another error, no Bearer challenge).
     *
     * @param status          the HTTP status of the MCP server's answer
     * @param wwwAuthenticate every {@code WWW-Authenticate} header value of that answer
     */
    public static Optional<Set<String>> challengedScopes(int status, List<String> wwwAuthenticate) {
        if (status != 403) {
            return Optional.empty();
        }
        return WwwAuthenticate.parse(wwwAuthenticate).bearer()
                .filter(bearer -> bearer.error().filter("insufficient_scope"::equals).isPresent())
                .map(bearer -> Scopes.parse(String.join(" ", bearer.scopes())));
    }

    /**
     * Records one step-up for {@code operation} on {@code resource} and returns the scopes to
     * authorize with: those requested before, then the challenged ones not among them.
     *
     * @param resource            the MCP server (its canonical URI)
     * @param operation           what was refused, e.g. {@code "tools/call echo"}
     * @param previouslyRequested the scopes of the current authorization (may be empty)
     * @param challenged          the challenge's {@code scope} values (may be empty)
     * @throws McpOAuthException {@link ErrorCode#INSUFFICIENT_SCOPE} when {@link #MAX_ATTEMPTS} step-ups
     *     for this resource and operation were made already
     */
    public Set<String> next(String resource, String operation, Collection<String> previouslyRequested,
                            Collection<String> challenged) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(operation, "operation");
        Set<String> union = Scopes.union(previouslyRequested, challenged);
        AtomicInteger count = attempts.computeIfAbsent(new Key(resource, operation), key -> new AtomicInteger());
        if (count.incrementAndGet() > MAX_ATTEMPTS) {
            count.decrementAndGet();
            String asked = challenged == null || challenged.isEmpty() ? "no particular scope"
                    : "`" + String.join(" ", challenged) + "`";
            String before = previouslyRequested == null || previouslyRequested.isEmpty() ? "no scopes"
                    : "`" + String.join(" ", Scopes.union(previouslyRequested)) + "`";
            throw new McpOAuthException(ErrorCode.INSUFFICIENT_SCOPE, "`" + resource + "` still refuses `" + operation
                    + "` with 403 insufficient_scope after " + MAX_ATTEMPTS + " step-up authorizations (it now asks for "
                    + asked + "; the last authorization requested " + before + "); giving up rather than"
                    + " authorizing again (MCP authorization, step-up)");
        }
        return union;
    }

    /** Step-ups made so far for this resource and operation. */
    public int attempts(String resource, String operation) {
        AtomicInteger count = attempts.get(new Key(resource, operation));
        return count == null ? 0 : count.get();
    }

    /** The operation succeeded: its count starts again from zero. */
    public void succeeded(String resource, String operation) {
        attempts.remove(new Key(resource, operation));
    }
}

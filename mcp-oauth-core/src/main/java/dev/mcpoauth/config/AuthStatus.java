package dev.mcpoauth.config;

/**
 * How a configured server authenticates, in the reference MCP host's order of precedence (the first
 * that applies wins): not a streamable HTTP server -> {@link #UNSUPPORTED}; a bearer token
 * ({@code bearer_token_env_var}, or an {@code Authorization} header that is actually sent) ->
 * {@link #BEARER_TOKEN}; stored OAuth credentials -> {@link #OAUTH}; discovery finds an authorization
 * server -> {@link #NOT_LOGGED_IN}; otherwise {@link #UNSUPPORTED}.
 *
 * <p>{@link AuthStatusCheck#withoutNetwork} decides the first three; {@link #afterDiscovery} the rest.
 *
 * <pre>{@code
 * AuthStatus status = AuthStatusCheck.withoutNetwork(server, System.getenv(), store::load)
 *         .map(AuthStatusCheck::status)
 *         .orElseGet(() -> AuthStatus.afterDiscovery(discoveryFoundAnAuthorizationServer(server)));
 * System.out.println(status.wireName());   // "notLoggedIn"
 * }</pre>
 *
 * <p>Related specifications: MCP authorization (2026-07-28); RFC 9728 and RFC 8414 (the discovery
 * that tells {@code notLoggedIn} from {@code unsupported}); RFC 6750 (bearer tokens).
 */
public enum AuthStatus {
    BEARER_TOKEN("bearerToken"),
    OAUTH("oAuth"),
    NOT_LOGGED_IN("notLoggedIn"),
    UNSUPPORTED("unsupported");

    private final String wireName;

    AuthStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The reference host's {@code authStatus} value. */
    public String wireName() {
        return wireName;
    }

    /**
     * The status of a server that {@link AuthStatusCheck#withoutNetwork} left open: {@link #NOT_LOGGED_IN}
     * when discovery (RFC 9728, RFC 8414) found an authorization server, else {@link #UNSUPPORTED}.
     */
    public static AuthStatus afterDiscovery(boolean foundAuthorizationServer) {
        return foundAuthorizationServer ? NOT_LOGGED_IN : UNSUPPORTED;
    }
}

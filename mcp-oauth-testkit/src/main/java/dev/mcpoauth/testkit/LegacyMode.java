package dev.mcpoauth.testkit;

/**
 * Pre-RFC 9728 deployments as described by the MCP 2025-03-26 authorization specification.
 * Every legacy mode implies that no protected resource metadata is served, whatever {@link PrmLocation} says,
 * and that the authorization server shares the MCP server's origin (one port).
 */
public enum LegacyMode {
    /** Modern deployment: separate authorization server origin, discovered through protected resource metadata. */
    OFF,
    /**
     * No protected resource metadata; the authorization server runs on the MCP origin, its issuer is that origin and it
     * serves {@code /.well-known/oauth-authorization-server} there.
     */
    ORIGIN_METADATA,
    /**
     * No protected resource metadata and no authorization server metadata; the endpoints are the 2025-03-26 defaults
     * {@code /authorize}, {@code /token} and {@code /register} on the MCP origin.
     */
    DEFAULT_ENDPOINTS
}

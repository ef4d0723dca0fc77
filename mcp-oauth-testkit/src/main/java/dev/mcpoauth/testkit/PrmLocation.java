package dev.mcpoauth.testkit;

/**
 * Where (and whether) the MCP server publishes its RFC 9728 Protected Resource Metadata.
 */
public enum PrmLocation {
    /**
     * The 401 challenge carries {@code resource_metadata="<url>"} and the document is served at
     * {@code /.well-known/oauth-protected-resource{mcpPath}}.
     */
    HEADER,
    /** No {@code resource_metadata} in the challenge; document only at {@code /.well-known/oauth-protected-resource{mcpPath}}. */
    PATH_WELL_KNOWN,
    /** No {@code resource_metadata} in the challenge; document only at {@code /.well-known/oauth-protected-resource}. */
    ROOT_WELL_KNOWN,
    /** No protected resource metadata at all (MCP 2025-03-26 behaviour). */
    NONE
}

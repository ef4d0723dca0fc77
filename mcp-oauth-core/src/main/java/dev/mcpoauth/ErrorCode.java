package dev.mcpoauth;

/**
 * Stable, machine-readable reasons a login, discovery or token call failed.
 *
 * <p>The {@link #code()} string is part of the public contract: scripts and UI clients match on
 * it, so it never changes once released. Each constant also carries a default hint that tells a
 * person what to do next; {@link McpOAuthException#getMessage()} combines the specific detail with
 * that hint.
 */
public enum ErrorCode {
    /** The configuration or a caller-supplied value is invalid (a URL, a port, a base URL). */
    INVALID_INPUT("invalid_input", "Check the value and try again."),
    /** An endpoint could not be reached at all (connection refused, DNS failure, TLS failure). */
    UNREACHABLE("unreachable", "Check the URL and your network connection, then try again."),
    /** An endpoint answered, but too slowly. */
    TIMEOUT("timeout", "The server may be overloaded; try again later."),
    /** An HTTP response was larger than the client accepts. */
    RESPONSE_TOO_LARGE("response_too_large", "The server sent an unexpectedly large response; report this to its operator."),
    /** A document (metadata, registration, token response) was not valid JSON or had the wrong type. */
    MALFORMED_RESPONSE("malformed_response", "The server sent a response this client cannot read; report this to its operator."),
    /** An HTTP redirect was not allowed by policy (for example to another origin during discovery). */
    REDIRECT_REFUSED("redirect_refused", "The server redirected somewhere this client will not follow; report this to its operator."),
    /**
     * A request would go to an address the address policy refuses: cloud metadata, unspecified, or a
     * loopback, private or link-local address named by a server that does not live there itself.
     */
    ADDRESS_REFUSED("address_refused", "If this server really uses a service on your private network, set "
            + "`mcp_oauth_allow_private_addresses = true` in config.toml."),
    /** The server does not appear to require OAuth, or no authorization server could be found. */
    OAUTH_UNSUPPORTED("oauth_unsupported", "This server does not advertise OAuth; use a bearer token or check the URL."),
    /** Protected resource metadata names a different resource than the server URL (RFC 9728 §3.3). */
    RESOURCE_MISMATCH("resource_mismatch", "The server's metadata is for a different resource; do not log in, and report this to its operator."),
    /** Authorization server metadata names a different issuer than the one it was fetched for (RFC 8414 §3.3). */
    ISSUER_MISMATCH("issuer_mismatch", "The authorization server's metadata is inconsistent; do not log in, and report this to its operator."),
    /** No authorization server metadata could be found at any of the spec's locations. */
    METADATA_NOT_FOUND("metadata_not_found", "Run `mcp-oauth doctor` to see every URL tried."),
    /** The authorization server does not advertise PKCE with S256 (MCP authorization, OAuth 2.1 §7.5.2). */
    PKCE_UNSUPPORTED("pkce_unsupported", "The authorization server does not advertise PKCE S256; ask its operator to enable it, or opt out explicitly if you trust it."),
    /** No way to identify the client to this issuer: no pre-registration, no CIMD support, no DCR. */
    NO_CLIENT_IDENTITY("no_client_identity", "Pre-register a client with the provider and configure its client id."),
    /** Client ID Metadata Documents were required but the authorization server does not support them. */
    CIMD_UNSUPPORTED("cimd_unsupported", "The authorization server does not support Client ID Metadata Documents; use registration mode `auto` or `dcr`."),
    /** Dynamic Client Registration was required but the authorization server offers no registration endpoint. */
    DCR_UNSUPPORTED("dcr_unsupported", "The authorization server does not offer dynamic client registration; pre-register a client or use a client metadata URL."),
    /** The registration endpoint refused the request (RFC 7591 §3.2.2). */
    REGISTRATION_REJECTED("registration_rejected", "The authorization server refused to register this client; pre-register one and configure its client id."),
    /** The loopback callback listener could not be started. */
    CALLBACK_BIND_FAILED("callback_bind_failed", "Choose another callback port, or free the one configured."),
    /** No callback arrived before the login timed out. */
    CALLBACK_TIMEOUT("callback_timeout", "Start the login again and complete it in the browser before it times out."),
    /** The callback's state did not match the login in progress (RFC 6749 §10.12). */
    STATE_MISMATCH("state_mismatch", "Start the login again; if it keeps happening, someone may be tampering with the redirect."),
    /** The callback's iss parameter was missing or did not match the issuer (RFC 9207 §2.4). */
    ISSUER_MISMATCH_CALLBACK("iss_mismatch", "Start the login again; if it keeps happening, report a possible mix-up attack."),
    /** The authorization server answered the authorization request with an error (RFC 6749 §4.1.2.1). */
    AUTHORIZATION_DENIED("authorization_denied", "Start the login again and approve the request, or check the requested scopes."),
    /**
     * The MCP server kept answering 403 {@code insufficient_scope} after the allowed number of step-up
     * authorizations (MCP authorization, "Scope Selection Strategy"; RFC 6750 §3.1).
     */
    INSUFFICIENT_SCOPE("insufficient_scope", "The server keeps asking for more scopes; check the account's permissions,"
            + " or ask the server's operator which scopes it needs."),
    /** The token endpoint rejected a request (RFC 6749 §5.2). */
    TOKEN_REJECTED("token_rejected", "Log in again; if it keeps failing, check the client's configuration."),
    /** The token endpoint answered {@code invalid_grant}: the code or refresh token is no longer valid (RFC 6749 §5.2). */
    INVALID_GRANT("invalid_grant", "Run `mcp-oauth login <name>` to log in again."),
    /** A token endpoint that is neither https nor loopback. */
    INSECURE_ENDPOINT("insecure_endpoint", "Refusing to send credentials over plain HTTP to a non-loopback host; use an https URL."),
    /** No usable credentials are stored; a login is needed. */
    LOGIN_REQUIRED("login_required", "Run `mcp-oauth login <name>`."),
    /** The credential store could not be read or written. */
    STORE_FAILED("store_failed", "Check the permissions and free space of the credentials directory."),
    /** The login was cancelled or replaced by another login for the same server. */
    CANCELLED("cancelled", "Start the login again if you still need it.");

    private final String code;
    private final String hint;

    ErrorCode(String code, String hint) {
        this.code = code;
        this.hint = hint;
    }

    /** The stable machine-readable code, for example {@code "issuer_mismatch"}. */
    public String code() {
        return code;
    }

    /** What a person should do next, one sentence. */
    public String hint() {
        return hint;
    }
}

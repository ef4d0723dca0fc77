package dev.mcpoauth.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configures a pair of test servers. Every option is optional; defaults are given in each method's documentation.
 * Obtain one from {@link TestServers#builder()}; {@link #build()} returns a reusable {@link TestServersConfig} whose
 * {@link TestServersConfig#start()} starts the servers.
 */
public final class TestServersBuilder {

    private static final Set<String> AUTH_METHODS =
            Set.of("client_secret_basic", "client_secret_post", "none", "private_key_jwt");

    private boolean cimd = true;
    private boolean dcr = true;
    private final List<Settings.PreRegisteredClient> preRegisteredClients = new ArrayList<>();
    private List<String> tokenEndpointAuthMethods =
            List.of("client_secret_basic", "client_secret_post", "none", "private_key_jwt");
    private List<String> scopesSupported = List.of("mcp:read", "mcp:write");
    private final Map<String, String> toolScopes = new LinkedHashMap<>();
    private String challengeScope;
    private Duration accessTokenLifetime = Duration.ofHours(1);
    private boolean refreshTokens = true;
    private boolean singleUseRefreshTokens;
    private IssMode issMode = IssMode.SEND;
    private boolean pkceS256Advertised = true;
    private PrmLocation prmLocation = PrmLocation.HEADER;
    private String prmResourceOverride;
    private String issuerPath = "";
    private boolean oidcDiscoveryOnly;
    private String metadataIssuerOverride;
    private LegacyMode legacyMode = LegacyMode.OFF;
    private Approval approval = Approval.AUTO;
    private String authorizeError;
    private boolean rejectUnknownScopes;
    private Duration responseDelay = Duration.ZERO;
    private String mcpPath = "/mcp";

    TestServersBuilder() {
        toolScopes.put("echo", "mcp:read");
        toolScopes.put("admin_echo", "mcp:write");
    }

    /**
     * Client ID Metadata Documents [true]: advertise {@code client_id_metadata_document_supported} and accept URL
     * client ids by fetching the document at every authorization request.
     */
    public TestServersBuilder cimd(boolean enabled) {
        this.cimd = enabled;
        return this;
    }

    /** Dynamic client registration [true]: {@code POST /register} and {@code registration_endpoint}; false = 404. */
    public TestServersBuilder dcr(boolean enabled) {
        this.dcr = enabled;
        return this;
    }

    /**
     * Adds a client known up front [none]; may be called several times. With a secret it is confidential and may use
     * {@code client_secret_basic} or {@code client_secret_post}; with a {@code null} secret it is public
     * ({@code none}). It may use any loopback {@code http} redirect URI (127.0.0.1, [::1], localhost; any port and
     * path).
     */
    public TestServersBuilder preRegisteredClient(String clientId, String secret) {
        preRegisteredClients.add(new Settings.PreRegisteredClient(Objects.requireNonNull(clientId), secret,
                List.of()));
        return this;
    }

    /**
     * Like {@link #preRegisteredClient(String, String)} but restricted to the given redirect URIs (exact match; a
     * loopback {@code http} URI matches on any port, RFC 8252 §7.3).
     */
    public TestServersBuilder preRegisteredClient(String clientId, String secret, String... redirectUris) {
        if (redirectUris.length == 0) {
            throw new IllegalArgumentException("give at least one redirect URI");
        }
        preRegisteredClients.add(new Settings.PreRegisteredClient(Objects.requireNonNull(clientId), secret,
                List.of(redirectUris)));
        return this;
    }

    /**
     * Token endpoint authentication methods advertised and accepted [client_secret_basic, client_secret_post, none,
     * private_key_jwt]. A client using a method outside this list gets {@code invalid_client}; DCR refuses it.
     */
    public TestServersBuilder tokenEndpointAuthMethods(String... methods) {
        for (String method : methods) {
            if (!AUTH_METHODS.contains(method)) {
                throw new IllegalArgumentException("unsupported token endpoint auth method " + method);
            }
        }
        this.tokenEndpointAuthMethods = List.of(methods);
        return this;
    }

    /** {@code scopes_supported} of both the protected resource and the authorization server [mcp:read mcp:write]. */
    public TestServersBuilder scopesSupported(String... scopes) {
        this.scopesSupported = List.of(scopes);
        return this;
    }

    /**
     * The scope a tool needs [echo &rarr; mcp:read, admin_echo &rarr; mcp:write]; a {@code null} scope means none.
     * A new name adds another tool that behaves like {@code echo}. {@code tools/call} without the scope answers 403
     * {@code insufficient_scope}.
     */
    public TestServersBuilder toolScope(String tool, String scope) {
        toolScopes.put(Objects.requireNonNull(tool), scope);
        return this;
    }

    /** The {@code scope} parameter of the 401 challenge [null: no scope parameter]. */
    public TestServersBuilder challengeScope(String scope) {
        this.challengeScope = scope;
        return this;
    }

    /** Access token lifetime, reported as {@code expires_in} in whole seconds [1 hour]. */
    public TestServersBuilder accessTokenLifetime(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
        this.accessTokenLifetime = lifetime;
        return this;
    }

    /**
     * Issue refresh tokens [true] (only to clients allowed the {@code refresh_token} grant: DCR and CIMD clients must
     * list it in {@code grant_types}; pre-registered clients always may).
     */
    public TestServersBuilder refreshTokens(boolean enabled) {
        this.refreshTokens = enabled;
        return this;
    }

    /**
     * Single-use refresh tokens [false]. True: each refresh returns a new refresh token and the old one then answers
     * {@code invalid_grant}. False: the refresh token stays valid and refresh responses carry no new one.
     */
    public TestServersBuilder singleUseRefreshTokens(boolean singleUse) {
        this.singleUseRefreshTokens = singleUse;
        return this;
    }

    /** RFC 9207 {@code iss} behaviour [SEND]. */
    public TestServersBuilder issParameter(IssMode mode) {
        this.issMode = Objects.requireNonNull(mode);
        return this;
    }

    /** Advertise {@code code_challenge_methods_supported: ["S256"]} [true]; PKCE stays required either way. */
    public TestServersBuilder pkceS256Advertised(boolean advertised) {
        this.pkceS256Advertised = advertised;
        return this;
    }

    /** Where protected resource metadata is published [HEADER]. */
    public TestServersBuilder prmLocation(PrmLocation location) {
        this.prmLocation = Objects.requireNonNull(location);
        return this;
    }

    /** Publish this {@code resource} in the protected resource metadata instead of the MCP URL [null]. */
    public TestServersBuilder prmResourceOverride(String resource) {
        this.prmResourceOverride = resource;
        return this;
    }

    /**
     * Path of the issuer [""], e.g. {@code "/tenant1"}: the issuer becomes {@code http://127.0.0.1:PORT/tenant1},
     * endpoints live below it and metadata at {@code /.well-known/oauth-authorization-server/tenant1}. Not allowed
     * with a legacy mode.
     */
    public TestServersBuilder issuerPath(String path) {
        Objects.requireNonNull(path);
        if (!path.isEmpty() && (!path.startsWith("/") || path.endsWith("/") || path.contains("?")
                || path.contains("#"))) {
            throw new IllegalArgumentException("issuer path must be empty or like /tenant1: " + path);
        }
        this.issuerPath = path;
        return this;
    }

    /**
     * Serve authorization server metadata only at the OpenID Connect discovery locations [false]:
     * {@code /.well-known/openid-configuration{issuerPath}} and {@code {issuerPath}/.well-known/openid-configuration};
     * the RFC 8414 location then answers 404.
     */
    public TestServersBuilder oidcDiscoveryOnly(boolean only) {
        this.oidcDiscoveryOnly = only;
        return this;
    }

    /** Put this string in the metadata's {@code issuer} member instead of the real issuer [null]. */
    public TestServersBuilder metadataIssuerOverride(String issuer) {
        this.metadataIssuerOverride = issuer;
        return this;
    }

    /** Emulate an MCP 2025-03-26 deployment [OFF]. */
    public TestServersBuilder legacyMode(LegacyMode mode) {
        this.legacyMode = Objects.requireNonNull(mode);
        return this;
    }

    /** Whether the authorization endpoint redirects at once or shows a consent page [AUTO]. */
    public TestServersBuilder approval(Approval mode) {
        this.approval = Objects.requireNonNull(mode);
        return this;
    }

    /**
     * Answer every valid authorization request with this error (e.g. {@code "access_denied"}) instead of a code
     * [null].
     */
    public TestServersBuilder authorizeError(String error) {
        this.authorizeError = error;
        return this;
    }

    /** Reject requested scopes outside {@code scopesSupported} with {@code invalid_scope} [false]. */
    public TestServersBuilder rejectUnknownScopes(boolean reject) {
        this.rejectUnknownScopes = reject;
        return this;
    }

    /** Delay added before every HTTP response of both servers [0]. */
    public TestServersBuilder responseDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        this.responseDelay = delay;
        return this;
    }

    /** Path of the MCP endpoint ["/mcp"]. */
    public TestServersBuilder mcpPath(String path) {
        if (!path.startsWith("/") || path.contains("?") || path.contains("#")) {
            throw new IllegalArgumentException("MCP path must start with / and have no query or fragment: " + path);
        }
        this.mcpPath = path;
        return this;
    }

    /**
     * Freezes the configuration.
     *
     * @throws IllegalArgumentException if options contradict each other (an issuer path with a legacy mode)
     */
    public TestServersConfig build() {
        if (legacyMode != LegacyMode.OFF && !issuerPath.isEmpty()) {
            throw new IllegalArgumentException("legacy modes use the MCP origin as issuer; issuerPath must be empty");
        }
        return new TestServersConfig(new Settings(cimd, dcr, List.copyOf(preRegisteredClients),
                tokenEndpointAuthMethods, scopesSupported, Collections.unmodifiableMap(new LinkedHashMap<>(toolScopes)),
                challengeScope, accessTokenLifetime, refreshTokens, singleUseRefreshTokens, issMode,
                pkceS256Advertised, prmLocation, prmResourceOverride, issuerPath, oidcDiscoveryOnly,
                metadataIssuerOverride, legacyMode, approval, authorizeError, rejectUnknownScopes, responseDelay,
                mcpPath));
    }
}

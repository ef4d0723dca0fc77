package dev.mcpoauth.login;

import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.registration.RegistrationMode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to log in to and how: the options object of {@link LoginFlow#start(LoginRequest)}.
 *
 * <p>Only the server name and URL are required; everything else has the reference host's default.
 *
 * <pre>{@code
 * LoginRequest request = LoginRequest.builder("linear", URI.create("https://mcp.linear.app/mcp"))
 *         .scopes(List.of("read"))                                   // else: discovered
 *         .clientMetadataUrlBase("https://example.com/mcp-oauth/")   // CIMD when supported
 *         .timeout(Duration.ofMinutes(5))
 *         .build();
 * }</pre>
 */
public final class LoginRequest {
    /** The reference host's login timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);
    /** The client name sent in registrations and shown on consent pages. */
    public static final String DEFAULT_CLIENT_NAME = "mcp-oauth";

    private final String serverName;
    private final URI serverUrl;
    private final List<String> scopes;
    private final String clientMetadataUrlBase;
    private final String clientMetadataUrl;
    private final RegistrationMode registrationMode;
    private final PreRegistered preRegistered;
    private final String oauthResource;
    private final Integer callbackPort;
    private final String callbackUrl;
    private final Duration timeout;
    private final String clientName;
    private final boolean allowMissingS256;
    private final Map<String, String> httpHeaders;

    private LoginRequest(Builder b) {
        this.serverName = b.serverName;
        this.serverUrl = b.serverUrl;
        this.scopes = b.scopes == null ? null : List.copyOf(b.scopes);
        this.clientMetadataUrlBase = b.clientMetadataUrlBase;
        this.clientMetadataUrl = b.clientMetadataUrl;
        this.registrationMode = b.registrationMode;
        this.preRegistered = b.preRegistered;
        this.oauthResource = b.oauthResource;
        this.callbackPort = b.callbackPort;
        this.callbackUrl = b.callbackUrl;
        this.timeout = b.timeout;
        this.clientName = b.clientName;
        this.allowMissingS256 = b.allowMissingS256;
        this.httpHeaders = Map.copyOf(b.httpHeaders);
    }

    public static Builder builder(String serverName, URI serverUrl) {
        return new Builder(serverName, serverUrl);
    }

    public String serverName() {
        return serverName;
    }

    public URI serverUrl() {
        return serverUrl;
    }

    /** Explicit scopes, or {@code null} to use the discovered ones. An empty list requests none. */
    public List<String> scopes() {
        return scopes;
    }

    /** May be {@code null}. */
    public String clientMetadataUrlBase() {
        return clientMetadataUrlBase;
    }

    /** May be {@code null}. */
    public String clientMetadataUrl() {
        return clientMetadataUrl;
    }

    public RegistrationMode registrationMode() {
        return registrationMode;
    }

    /** May be {@code null}. */
    public PreRegistered preRegistered() {
        return preRegistered;
    }

    /** May be {@code null}. */
    public String oauthResource() {
        return oauthResource;
    }

    /** May be {@code null}. */
    public Integer callbackPort() {
        return callbackPort;
    }

    /** May be {@code null}. */
    public String callbackUrl() {
        return callbackUrl;
    }

    public Duration timeout() {
        return timeout;
    }

    public String clientName() {
        return clientName;
    }

    public boolean allowMissingS256() {
        return allowMissingS256;
    }

    public Map<String, String> httpHeaders() {
        return httpHeaders;
    }

    @Override
    public String toString() {
        return "LoginRequest[" + serverName + " " + serverUrl + "]";
    }

    /** Builds a {@link LoginRequest}. */
    public static final class Builder {
        private final String serverName;
        private final URI serverUrl;
        private List<String> scopes;
        private String clientMetadataUrlBase;
        private String clientMetadataUrl;
        private RegistrationMode registrationMode = RegistrationMode.AUTO;
        private PreRegistered preRegistered;
        private String oauthResource;
        private Integer callbackPort;
        private String callbackUrl;
        private Duration timeout = DEFAULT_TIMEOUT;
        private String clientName = DEFAULT_CLIENT_NAME;
        private boolean allowMissingS256;
        private final Map<String, String> httpHeaders = new LinkedHashMap<>();

        private Builder(String serverName, URI serverUrl) {
            this.serverName = Objects.requireNonNull(serverName, "serverName");
            this.serverUrl = Objects.requireNonNull(serverUrl, "serverUrl");
        }

        /** Explicit scopes; {@code null} means "use what discovery finds", an empty list means "none". */
        public Builder scopes(List<String> scopes) {
            this.scopes = scopes;
            return this;
        }

        /** The seed's {@code clientMetadataUrlBase}: a callback-scoped metadata URL is built from it. */
        public Builder clientMetadataUrlBase(String base) {
            this.clientMetadataUrlBase = base;
            return this;
        }

        /** A fixed Client ID Metadata Document URL, used as is. */
        public Builder clientMetadataUrl(String url) {
            this.clientMetadataUrl = url;
            return this;
        }

        public Builder registrationMode(RegistrationMode mode) {
            this.registrationMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** A client registered with the provider beforehand; it wins over CIMD and DCR for its issuer. */
        public Builder preRegistered(PreRegistered client) {
            this.preRegistered = client;
            return this;
        }

        /** The reference's {@code oauth_resource}: the resource indicator to send instead of the server URL. */
        public Builder oauthResource(String resource) {
            this.oauthResource = resource;
            return this;
        }

        public Builder callbackPort(Integer port) {
            this.callbackPort = port;
            return this;
        }

        public Builder callbackUrl(String url) {
            this.callbackUrl = url;
            return this;
        }

        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        public Builder clientName(String name) {
            this.clientName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Proceeds even when the authorization server does not advertise PKCE S256. The MCP
         * specification says a client MUST refuse; set this only for a server you trust that
         * supports S256 without saying so. PKCE S256 is still sent.
         */
        public Builder allowMissingS256(boolean allow) {
            this.allowMissingS256 = allow;
            return this;
        }

        /** Headers sent on discovery and token requests (the reference's {@code http_headers}). */
        public Builder httpHeaders(Map<String, String> headers) {
            this.httpHeaders.putAll(headers);
            return this;
        }

        public LoginRequest build() {
            return new LoginRequest(this);
        }
    }
}

package dev.mcpoauth.mcpsdk;

import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.dpop.DPoPProofs;
import dev.mcpoauth.grant.Grant;
import dev.mcpoauth.grant.GrantFlow;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.LoginObserver;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.store.CredentialStore;
import dev.mcpoauth.store.FileCredentialStore;
import dev.mcpoauth.token.TokenManager;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How an MCP Java SDK transport authenticates to one MCP server: the options object of
 * {@link McpOAuthTransports#streamableHttp(java.net.URI, McpOAuth)}.
 *
 * <p>Only the server name is required. By default tokens live in the mcp-oauth credentials file
 * ({@code $MCP_OAUTH_HOME/credentials.json}, shared with the {@code mcp-oauth} command, so a
 * {@code mcp-oauth login docs} done beforehand is used as is), and a login opens the browser and
 * prints the URL.
 *
 * <pre>{@code
 * McpOAuth oauth = McpOAuth.builder("docs")
 *         .loginInteraction(LoginInteraction.printUrl(System.err))
 *         .loginOptions(login -> login.scopes(List.of("docs:read")).clientMetadataUrl("https://app.example.com/client.json"))
 *         .build();
 * // a service, no user:
 * McpOAuth service = McpOAuth.builder("reports").grant(ClientCredentials.withSecret("reporting", secret)).build();
 * }</pre>
 */
public final class McpOAuth {
    private final String serverName;
    private final CredentialStore store;
    private final HttpTransport http;
    private final TokenManager tokenManager;
    private final LoginFlow loginFlow;
    private final LoginInteraction interaction;
    private final Consumer<LoginRequest.Builder> loginOptions;
    private final Grant grant;
    private final GrantFlow grantFlow;
    private final DPoPProofs dpop;

    private McpOAuth(Builder b) {
        this.serverName = b.serverName;
        this.store = b.store != null ? b.store : FileCredentialStore.inHome(McpOAuthConfig.home(System.getenv()));
        this.dpop = b.dpop;
        this.http = b.dpop == null ? b.http : b.http.toBuilder().dpop(b.dpop).build();
        this.loginOptions = b.loginOptions;
        this.interaction = b.interaction;
        this.tokenManager = b.tokenManager != null ? b.tokenManager
                : TokenManager.builder(store).httpTransport(http)
                        .preRegisteredClients(key -> Optional.ofNullable(loginTemplate(key.url()).preRegistered()))
                        .build();
        this.loginFlow = b.loginFlow != null ? b.loginFlow
                : LoginFlow.builder().credentialStore(store).httpTransport(http).observer(b.observer).build();
        this.grant = b.grant;
        this.grantFlow = GrantFlow.builder().credentialStore(store).httpTransport(http).build();
    }

    /** Options for the server called {@code serverName} (the name credentials are stored under). */
    public static Builder builder(String serverName) {
        return new Builder(serverName);
    }

    public String serverName() {
        return serverName;
    }

    public CredentialStore credentialStore() {
        return store;
    }

    public TokenManager tokenManager() {
        return tokenManager;
    }

    public LoginFlow loginFlow() {
        return loginFlow;
    }

    public LoginInteraction loginInteraction() {
        return interaction;
    }

    public HttpTransport httpTransport() {
        return http;
    }

    /** The grant used instead of a user login, or {@code null} when logins go through the browser. */
    public Grant grant() {
        return grant;
    }

    GrantFlow grantFlow() {
        return grantFlow;
    }

    /** The DPoP proofs tokens are bound with, or {@code null} for bearer tokens. */
    public DPoPProofs dpop() {
        return dpop;
    }

    /** The login request for {@code serverUrl} as configured, before the adapter sets challenge scopes. */
    LoginRequest.Builder loginRequest(String serverUrl) {
        LoginRequest.Builder builder = LoginRequest.builder(serverName, java.net.URI.create(serverUrl));
        loginOptions.accept(builder);
        return builder;
    }

    LoginRequest loginTemplate(String serverUrl) {
        return loginRequest(serverUrl).build();
    }

    /** Builds {@link McpOAuth}. */
    public static final class Builder {
        private final String serverName;
        private CredentialStore store;
        private HttpTransport http = HttpTransport.defaults();
        private TokenManager tokenManager;
        private LoginFlow loginFlow;
        private LoginObserver observer = LoginObserver.NONE;
        private LoginInteraction interaction = LoginInteraction.browser();
        private Consumer<LoginRequest.Builder> loginOptions = login -> { };
        private Grant grant;
        private DPoPProofs dpop;

        private Builder(String serverName) {
            Objects.requireNonNull(serverName, "serverName");
            if (serverName.isBlank()) {
                throw new IllegalArgumentException("serverName must not be blank");
            }
            this.serverName = serverName;
        }

        /** Where tokens are kept [the mcp-oauth credentials file]. */
        public Builder credentialStore(CredentialStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** How discovery, registration and token requests are sent [{@link HttpTransport#defaults()}]. */
        public Builder httpTransport(HttpTransport transport) {
            this.http = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** A token manager to share with the rest of the host [one over the credential store]. */
        public Builder tokenManager(TokenManager manager) {
            this.tokenManager = Objects.requireNonNull(manager, "manager");
            return this;
        }

        /** A login flow to share with the rest of the host [one over the credential store]. */
        public Builder loginFlow(LoginFlow flow) {
            this.loginFlow = Objects.requireNonNull(flow, "flow");
            return this;
        }

        /** Hears each login step in plain words, for progress output [nothing]. */
        public Builder observer(LoginObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** How the user reaches the authorization URL [{@link LoginInteraction#browser()}]. */
        public Builder loginInteraction(LoginInteraction interaction) {
            this.interaction = Objects.requireNonNull(interaction, "interaction");
            return this;
        }

        /**
         * Login options (scopes, client metadata URL, pre-registered client, callback port, timeout):
         * applied to every login's {@link LoginRequest.Builder}; the adapter then sets the scopes a
         * challenge asks for unless explicit ones were given here.
         */
        public Builder loginOptions(Consumer<LoginRequest.Builder> options) {
            this.loginOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Obtains tokens without a user, by this grant (client credentials, a workload's JWT, an
         * enterprise identity assertion), whenever the server needs new ones; the login interaction
         * is then never used. A rejected grant is reported, not retried.
         */
        public Builder grant(Grant grant) {
            this.grant = Objects.requireNonNull(grant, "grant");
            return this;
        }

        /**
         * Sender-constrains tokens with DPoP (RFC 9449): token requests carry proofs from
         * {@code proofs}, and DPoP-bound tokens are presented with the {@code DPoP} scheme and a
         * proof per MCP request, retrying once with a server's nonce. Applies to the token manager
         * and login flow built here; a {@link #tokenManager}/{@link #loginFlow} passed in must use a
         * transport with the same proofs.
         */
        public Builder dpop(DPoPProofs proofs) {
            this.dpop = Objects.requireNonNull(proofs, "proofs");
            return this;
        }

        public McpOAuth build() {
            return new McpOAuth(this);
        }
    }
}

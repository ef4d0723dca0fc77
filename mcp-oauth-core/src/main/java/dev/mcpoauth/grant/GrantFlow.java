package dev.mcpoauth.grant;

import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.discovery.AuthorizationDiscovery;
import dev.mcpoauth.discovery.ServerAuthorization;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.login.LoginResult;
import dev.mcpoauth.store.CredentialStore;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.token.ExchangedToken;
import dev.mcpoauth.token.TokenClient;
import dev.mcpoauth.token.TokenEndpoint;
import dev.mcpoauth.token.TokenExchange;
import dev.mcpoauth.token.Tokens;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains tokens for an MCP server without a user, by a {@link Grant}: discovers how the server is
 * protected (RFC 9728, RFC 8414), sends the grant to its authorization server with the
 * {@code resource} indicator (RFC 8707), and saves the credentials, exactly as a login would, so the
 * {@link dev.mcpoauth.token.TokenManager} hands them out afterwards.
 *
 * <pre>{@code
 * GrantFlow flow = GrantFlow.builder().credentialStore(store).build();
 * LoginResult result = flow.obtain("reports", URI.create("https://mcp.example.com/mcp"),
 *         ClientCredentials.withSecret("reporting-service", secret), null);
 * }</pre>
 */
public final class GrantFlow {
    private static final Logger LOG = LoggerFactory.getLogger(GrantFlow.class);

    private final CredentialStore store;
    private final HttpTransport http;
    private final Clock clock;

    private GrantFlow(Builder b) {
        this.store = b.store;
        this.http = b.http;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the grant and stores what it obtained under {@code serverName} and {@code serverUrl}.
     *
     * @param scopes scopes that override the grant's (a step-up's union), or {@code null}
     * @throws dev.mcpoauth.McpOAuthException for a failed discovery or a rejected grant; nothing is stored
     */
    public LoginResult obtain(String serverName, URI serverUrl, Grant grant, List<String> scopes) {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(grant, "grant");
        ServerAuthorization auth = new AuthorizationDiscovery(http).discover(serverUrl);
        ResourceUri resource = auth.resource();
        Set<String> requested = new LinkedHashSet<>(scopes != null ? scopes
                : grant.scopes() != null ? grant.scopes() : auth.discoveredScopes());
        TokenEndpoint endpoint = TokenEndpoint.of(auth.metadata(), auth.issuer(), grant.client(), resource);
        TokenClient tokens = new TokenClient(http, clock);
        Tokens received;
        if (grant instanceof ClientCredentials) {
            received = tokens.clientCredentials(endpoint, requested);
        } else if (grant instanceof JwtBearer jwt) {
            received = tokens.jwtBearer(endpoint, jwt.assertion().get(), requested);
        } else {
            IdentityAssertion assertion = (IdentityAssertion) grant;
            TokenEndpoint idp = new TokenEndpoint(assertion.idpTokenEndpoint(), assertion.idpIssuer(),
                    assertion.idpClient(), resource);
            ExchangedToken jag = tokens.exchangeToken(idp, new TokenExchange(assertion.idToken().get(),
                    TokenExchange.ID_TOKEN, TokenExchange.ID_JAG, auth.issuer(), Set.of()));
            LOG.debug("Exchanged the ID token at {} for an identity assertion grant ({})", assertion.idpIssuer(),
                    jag.issuedTokenType());
            received = tokens.jwtBearer(endpoint, jag.token(), requested);
        }
        StoredCredentials credentials = new StoredCredentials(new ServerKey(serverName, serverUrl.toString()),
                auth.issuer(), resource.value(), endpoint.uri(), grant.client(), received, clock.instant());
        store.save(credentials);
        LOG.debug("Stored tokens for '{}' from a {} grant", serverName, grant.getClass().getSimpleName());
        return new LoginResult(credentials);
    }

    /** Builds a {@link GrantFlow}. */
    public static final class Builder {
        private CredentialStore store = new InMemoryCredentialStore();
        private HttpTransport http = HttpTransport.defaults();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder credentialStore(CredentialStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        public Builder httpTransport(HttpTransport http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public GrantFlow build() {
            return new GrantFlow(this);
        }
    }
}

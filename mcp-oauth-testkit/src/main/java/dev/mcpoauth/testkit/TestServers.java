package dev.mcpoauth.testkit;

import com.nimbusds.jose.jwk.JWK;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An OAuth-protected MCP server and its OAuth 2.1 authorization server, running on 127.0.0.1 with ephemeral ports.
 *
 * <p>It implements the server side of MCP authorization strictly (RFC 9728 protected resource metadata, RFC 8414
 * metadata, RFC 7591 registration, client ID metadata documents, mandatory S256 PKCE, RFC 8707 resource binding,
 * RFC 9207 {@code iss}), so client bugs show up as failures. Every request is recorded before it is handled.
 *
 * <pre>{@code
 * try (TestServers servers = TestServers.builder()
 *         .preRegisteredClient("cid", "secret")
 *         .scopesSupported("mcp:read", "mcp:write")
 *         .approval(Approval.CONSENT_PAGE)
 *         .build()
 *         .start()) {
 *     URI mcp = servers.mcpUrl();               // http://127.0.0.1:PORT/mcp, answers 401 without a token
 *     String issuer = servers.issuer();         // http://127.0.0.1:PORT2
 *     // ... run the client under test against mcp ...
 *     assertThat(servers.count("POST", "/register")).isEqualTo(1);
 *     assertThat(servers.issuedTokens()).hasSize(1);
 * }
 *
 * try (TestServers servers = TestServers.start()) {   // all defaults
 *     // ...
 * }
 * }</pre>
 *
 * <p>Thread safe. {@link #close()} stops both servers and frees their ports.
 */
public final class TestServers implements AutoCloseable {

    private final Topology topology;
    private final RequestLog log;
    private final AuthorizationServer authorizationServer;
    private final LoopbackHttpServer mcpServer;
    private final LoopbackHttpServer asServer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TestServers(Topology topology, RequestLog log, AuthorizationServer authorizationServer,
                        LoopbackHttpServer mcpServer, LoopbackHttpServer asServer) {
        this.topology = topology;
        this.log = log;
        this.authorizationServer = authorizationServer;
        this.mcpServer = mcpServer;
        this.asServer = asServer;
    }

    /** A builder with every option at its default. */
    public static TestServersBuilder builder() {
        return new TestServersBuilder();
    }

    /** Starts servers with every option at its default. */
    public static TestServers start() {
        return builder().build().start();
    }

    static TestServers launch(Settings settings) throws IOException {
        RequestLog log = new RequestLog();
        Router mcpRouter = new Router("mcp", log, settings.responseDelay());
        boolean separateAs = settings.legacyMode() == LegacyMode.OFF;
        Router asRouter = separateAs ? new Router("as", log, settings.responseDelay()) : mcpRouter;
        LoopbackHttpServer mcp = LoopbackHttpServer.bind("mcp", mcpRouter);
        LoopbackHttpServer as = null;
        AuthorizationServer authorizationServer = null;
        try {
            as = separateAs ? LoopbackHttpServer.bind("as", asRouter) : null;
            Topology topology = new Topology(settings, mcp.origin(), as != null ? as.origin() : mcp.origin());
            authorizationServer = new AuthorizationServer(settings, topology);
            authorizationServer.install(asRouter);
            new ProtectedResourceEndpoint(settings, topology).install(mcpRouter);
            new McpEndpoint(settings, topology, authorizationServer.tokens()).install(mcpRouter);
            mcp.start();
            if (as != null) {
                as.start();
            }
            return new TestServers(topology, log, authorizationServer, mcp, as);
        } catch (RuntimeException | IOException e) {
            mcp.close();
            if (as != null) {
                as.close();
            }
            if (authorizationServer != null) {
                authorizationServer.close();
            }
            throw e;
        }
    }

    /** The MCP endpoint, e.g. {@code http://127.0.0.1:PORT/mcp}; also the resource tokens must be bound to. */
    public URI mcpUrl() {
        return topology.mcpUrl();
    }

    /** The exact issuer, e.g. {@code http://127.0.0.1:PORT2} or {@code http://127.0.0.1:PORT2/tenant1}. */
    public String issuer() {
        return topology.issuer();
    }

    /** The authorization server's origin, e.g. {@code http://127.0.0.1:PORT2} (the MCP origin in legacy modes). */
    public URI authorizationServerUrl() {
        return URI.create(topology.asOrigin());
    }

    /**
     * Base URL of the built-in client ID metadata document host, e.g. {@code http://127.0.0.1:PORT2/cimd}.
     * {@code base + "/" + callbackId + "/client.json?redirect_uri=" + formUrlEncode(redirectUri)} serves a public
     * native client document for {@code redirectUri}, whose last path segment must be {@code callbackId}.
     */
    public String clientMetadataBase() {
        return topology.clientMetadataBase();
    }

    /** Every request received so far by either server, in arrival order. */
    public List<RecordedRequest> requests() {
        return log.snapshot();
    }

    /**
     * The number of recorded requests with this method and exact raw path (no query).
     *
     * @param method HTTP method, any case
     * @param path   exact path, e.g. {@code "/register"} or {@code "/tenant1/token"}
     */
    public int count(String method, String path) {
        return log.count(method, path);
    }

    /** Dynamically registered clients and clients resolved from metadata documents, in order of first appearance. */
    public List<RegisteredClient> registeredClients() {
        return authorizationServer.registeredClients();
    }

    /** Every successful token response, in order. */
    public List<IssuedToken> issuedTokens() {
        return authorizationServer.tokens().issuedTokens();
    }

    /** Makes every access token issued so far expire now; refresh tokens stay valid. */
    public void expireAccessTokens() {
        authorizationServer.tokens().expireAccessTokens();
    }

    /**
     * Registers (or replaces) a confidential client that authenticates at the token endpoint with
     * {@code private_key_jwt}, signed by the private half of {@code publicJwk} (RSA or EC; private parts are
     * discarded). It may use any loopback redirect URI and every grant type.
     */
    public void registerPublicKey(String clientId, JWK publicJwk) {
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(publicJwk);
        authorizationServer.clients().put(ClientAuthenticator.keyClient(clientId, publicJwk));
    }

    /** Stops both servers and their threads, freeing the ports. Calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        mcpServer.close();
        if (asServer != null) {
            asServer.close();
        }
        authorizationServer.close();
    }

    @Override
    public String toString() {
        return "TestServers[mcp=" + mcpUrl() + ", issuer=" + issuer() + "]";
    }
}

package dev.mcpoauth.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.http.VirtualNetwork;
import dev.mcpoauth.internal.Urls;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.login.PendingLogin;
import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.token.TokenManager;
import dev.mcpoauth.token.Tokens;
import java.time.Instant;
import java.util.Set;
import java.net.URI;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A public MCP server points the client at internal addresses. The MCP server is
 * {@code mcp.example.test}, which the test's {@link VirtualNetwork} resolves to a public-looking
 * address and delivers to the local hostile site; nothing here ever leaves the machine.
 */
class AddressAttacksTest {
    private final InMemoryCredentialStore store = new InMemoryCredentialStore();
    private final HostileWorld world = new HostileWorld();
    private VirtualNetwork net;
    private String mcpBase;

    @BeforeEach
    void publicServer() {
        net = new VirtualNetwork()
                .host("mcp.example.test", "203.0.113.10").route("203.0.113.10")
                .host("auth.example.test", "203.0.113.20").route("203.0.113.20")
                .host("login.internal.test", "192.168.7.7")
                .host("127.evil.test", "203.0.113.30");
        mcpBase = "http://mcp.example.test:" + world.mcp.port();
        world.prm.put("resource", mcpBase + "/mcp");
        world.mcp.on("/mcp", (exchange, seen) -> {
            exchange.getResponseHeaders().add("WWW-Authenticate",
                    "Bearer resource_metadata=\"" + mcpBase + "/.well-known/oauth-protected-resource/mcp\"");
            HostileSite.send(exchange, 401, "application/json", "{}");
        });
    }

    @AfterEach
    void close() {
        world.close();
        assertThat(net.unroutedAttempts()).as("connections the policy should have refused").isEmpty();
    }

    private LoginFlow flow(HttpTransport.Builder transport) {
        return LoginFlow.builder().credentialStore(store).httpTransport(transport.build()).build();
    }

    private LoginRequest.Builder request() {
        return LoginRequest.builder("public", URI.create(mcpBase + "/mcp"));
    }

    private void authorizationServer(String issuer) {
        world.prm.putArray("authorization_servers").add(issuer);
    }

    private McpOAuthException startFails(LoginFlow flow) {
        try {
            flow.start(request().build()).close();
        } catch (McpOAuthException e) {
            assertThat(store.list()).isEmpty();
            world.assertSecretsStayedHome(seen -> false);
            return e;
        }
        throw new AssertionError("the login started");
    }

    @Nested
    class AuthorizationServersOnInternalAddresses {
        @ParameterizedTest(name = "{0} is refused")
        @CsvSource(delimiter = '|', value = {
                "http://169.254.10.10:8080|169.254.10.10, a link-local address",
                "http://10.0.0.5|10.0.0.5, a private-network address",
                "http://169.254.169.254|169.254.169.254, a cloud metadata address, which mcp-oauth never contacts",
                "http://[fd00:ec2::254]|fd00:ec2:0:0:0:0:0:254, a cloud metadata address",
                "https://login.internal.test|192.168.7.7, a private-network address",
                "http://[::ffff:10.0.0.5]|10.0.0.5, a private-network address",
                "http://0.0.0.0:9000|0.0.0.0, an unspecified address"})
        void beforeAnyConnectionToThem(String issuer, String refusal) {
            authorizationServer(issuer);
            McpOAuthException e = startFails(flow(net.transport()));
            assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_REFUSED);
            assertThat(e.detail()).contains("` resolves to " + refusal);
            assertThat(net.connections()).allMatch(c -> c.startsWith("203.0.113.10:"));
            assertThat(world.requestsTo(world.as)).isEmpty();
        }

        @Test
        void includingTheLoopbackMachineTheClientRunsOn() {
            authorizationServer(world.as.origin());
            McpOAuthException e = startFails(flow(net.transport()));
            assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_REFUSED);
            assertThat(e.detail()).isEqualTo("`" + world.as.origin() + "` resolves to 127.0.0.1, a loopback address; the MCP"
                    + " server `" + mcpBase + "/mcp` is on a public address, so its discovery and token requests may not go"
                    + " to a loopback address (server-side request forgery protection)");
            assertThat(world.requestsTo(world.as)).isEmpty();
        }

        @Test
        void unlessTheUserAllowsPrivateAddresses() {
            authorizationServer(world.as.origin());
            try (PendingLogin login = flow(net.transport().allowPrivateAddresses(true)).start(request().build())) {
                assertThat(login.authorizationUrl().toString()).startsWith(world.as.origin() + "/authorize?");
            }
            assertThat(world.paths(world.as)).contains("GET /.well-known/oauth-authorization-server", "POST /register");
        }
    }

    @Nested
    class PlainHttpEndpointsOnPublicHosts {
        @Test
        void aRegistrationEndpointOverHttpIsRefusedBeforeAnyRequest() {
            String issuer = "http://auth.example.test:" + world.as.port();
            authorizationServer(issuer);
            world.metadata.put("issuer", issuer).put("registration_endpoint", issuer + "/register")
                    .put("authorization_endpoint", issuer + "/authorize").put("token_endpoint", issuer + "/token");
            McpOAuthException e = startFails(flow(net.transport()));
            assertThat(e.code()).isEqualTo(ErrorCode.INSECURE_ENDPOINT);
            assertThat(e.detail()).isEqualTo("refusing to register at `" + issuer + "/register`: the registration endpoint"
                    + " must use TLS unless it is loopback (RFC 7591 §3)");
            // Only metadata was requested (the well-known locations go out together): nothing registered or authorized.
            assertThat(world.paths(world.as)).contains("GET /.well-known/oauth-authorization-server")
                    .allMatch(path -> path.startsWith("GET /.well-known/"));
        }

        @Test
        void aTokenEndpointOverHttpIsRefusedBeforeTheCodeIsSent() {
            String issuer = "http://auth.example.test:" + world.as.port();
            authorizationServer(issuer);
            world.metadata.put("issuer", issuer).put("authorization_endpoint", issuer + "/authorize")
                    .put("token_endpoint", issuer + "/token");
            PendingLogin login = flow(net.transport())
                    .start(request().preRegistered(PreRegistered.publicClient("client-1")).build());
            McpOAuthException e = completeWithCode(login, issuer);
            assertThat(e.code()).isEqualTo(ErrorCode.INSECURE_ENDPOINT);
            assertThat(e.detail()).isEqualTo("refusing to call the token endpoint `" + issuer + "/token`: it must use TLS"
                    + " unless its host is loopback (RFC 6749 §3.2)");
            assertThat(world.paths(world.as)).doesNotContain("POST /token");
            assertThat(store.list()).isEmpty();
            world.assertSecretsStayedHome(seen -> false);
        }

        @Test
        void aHostThatOnlyLooksLikeLoopbackIsNotLoopback() {
            // 127.evil.test is a DNS name, not 127.0.0.0/8: plain http to it would expose the code.
            authorizationServer(world.as.origin());
            world.metadata.put("token_endpoint", "http://127.evil.test:" + world.as.port() + "/token");
            PendingLogin login = flow(net.transport().allowPrivateAddresses(true))
                    .start(request().preRegistered(PreRegistered.publicClient("client-1")).build());
            McpOAuthException e = completeWithCode(login, world.as.origin());
            assertThat(e.code()).isEqualTo(ErrorCode.INSECURE_ENDPOINT);
            assertThat(net.lookups()).doesNotContain("127.evil.test");
            assertThat(store.list()).isEmpty();
        }

        /** What the browser would bring back from an authorization server that approved at once. */
        private McpOAuthException completeWithCode(PendingLogin login, String issuer) {
            try (login) {
                Map<String, String> query = Urls.parseQuery(login.authorizationUrl().getRawQuery(), new ArrayList<>());
                URI back = URI.create(login.redirectUri() + "?code=" + HostileWorld.CODE + "&state="
                        + Urls.formEncode(query.get("state")) + "&iss=" + Urls.formEncode(issuer));
                login.completeWithRedirectUrl(back);
                return HostileWorld.failureOf(login);
            }
        }
    }

    @Test
    void aRefreshIsAnchoredAtTheStoredServerToo() {
        StoredCredentials stored = new StoredCredentials(new ServerKey("public", mcpBase + "/mcp"),
                "https://login.internal.test", mcpBase + "/mcp", URI.create("https://login.internal.test/token"),
                PreRegistered.publicClient("client-1"), new Tokens("at-old", "Bearer", "rt-old",
                        Instant.now().minusSeconds(60), Set.of("mcp:read")), Instant.now().minusSeconds(3600));
        store.save(stored);
        TokenManager tokens = TokenManager.builder(store).httpTransport(net.transport().build()).build();
        assertThatThrownBy(() -> tokens.accessToken(stored.key()))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_REFUSED);
                    assertThat(e.detail()).startsWith("`https://login.internal.test:443` resolves to 192.168.7.7, a"
                            + " private-network address; the MCP server `" + mcpBase + "/mcp` is on a public address");
                });
        assertThat(store.load(stored.key())).contains(stored);
        assertThat(net.connections()).isEmpty();
    }

    @Test
    void aHealthyPublicSetupStillWorks() {
        String issuer = "http://auth.example.test:" + world.as.port();
        authorizationServer(issuer);
        world.metadata.put("issuer", issuer).put("authorization_endpoint", issuer + "/authorize");
        world.metadata.remove("registration_endpoint");
        try (PendingLogin login = flow(net.transport())
                .start(request().preRegistered(PreRegistered.publicClient("client-1")).build())) {
            assertThat(login.authorizationUrl().toString()).startsWith(issuer + "/authorize?");
        }
        assertThat(net.connections()).containsOnly("203.0.113.10:" + world.mcp.port(), "203.0.113.20:" + world.as.port());
    }
}

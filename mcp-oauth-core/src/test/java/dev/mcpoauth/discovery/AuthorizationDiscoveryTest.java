package dev.mcpoauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.discovery.RecordingSite.Answer;
import dev.mcpoauth.discovery.RecordingSite.Received;
import dev.mcpoauth.http.HttpTransport;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Discovery against real local servers: one plays the MCP server, one the authorization server.
 * Each test enqueues answers, runs discovery and asserts on the exact requests received.
 */
class AuthorizationDiscoveryTest {

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private RecordingSite mcp;
    private RecordingSite auth;
    private final AuthorizationDiscovery discovery = new AuthorizationDiscovery(HttpTransport.defaults());

    @BeforeEach
    void start() throws Exception {
        mcp = new RecordingSite(received);
        auth = new RecordingSite(received);
    }

    @AfterEach
    void stop() {
        mcp.close();
        auth.close();
    }

    // ---- fixtures ----

    private URI server() {
        return URI.create(mcp.url("/public/mcp"));
    }

    static String prm(String resource, String... issuers) {
        StringBuilder servers = new StringBuilder();
        for (String issuer : issuers) {
            servers.append(servers.length() == 0 ? "" : ",").append('"').append(issuer).append('"');
        }
        return "{\"resource\":\"" + resource + "\",\"authorization_servers\":[" + servers + "],"
                + "\"scopes_supported\":[\"mcp:read\",\"mcp:write\"],\"resource_name\":\"Test MCP\"}";
    }

    static String metadata(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + base + "/authorize\","
                + "\"token_endpoint\":\"" + base + "/token\",\"registration_endpoint\":\"" + base + "/register\","
                + "\"response_types_supported\":[\"code\"],\"code_challenge_methods_supported\":[\"S256\"],"
                + "\"scopes_supported\":[\"mcp:read\",\"offline_access\"],"
                + "\"token_endpoint_auth_methods_supported\":[\"none\",\"client_secret_basic\"],"
                + "\"client_id_metadata_document_supported\":true,"
                + "\"authorization_response_iss_parameter_supported\":true}";
    }

    private static String get(String url) {
        return "GET " + url;
    }

    private String probe() {
        return "POST " + server();
    }

    /** Protects the server with a challenge naming {@code /prm} on the MCP origin, for {@code issuer}. */
    private void protectedBy(String issuer) {
        mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
        mcp.enqueue("/prm", Answer.json(prm(server().toString(), issuer)));
    }

    private static void assertFails(ThrowingCallable call, ErrorCode code, Consumer<McpOAuthException> detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(McpOAuthException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            detail.accept(e);
        });
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    // ---- scenarios ----

    @Nested
    class TheUnauthenticatedProbe {
        @Test
        void isAnMcpInitializeRequestWithTheProtocolHeaders() throws Exception {
            protectedBy(auth.origin());
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            discovery.discover(server());

            Received probe = received.get(0);
            assertThat(probe.method()).isEqualTo("POST");
            assertThat(probe.url()).isEqualTo(server().toString());
            assertThat(probe.header("Content-Type")).isEqualTo("application/json");
            assertThat(probe.header("Accept")).isEqualTo("application/json, text/event-stream");
            assertThat(probe.header("MCP-Protocol-Version")).isEqualTo("2025-11-25");
            assertThat(probe.header("Authorization")).isNull();
            JsonNode body = new ObjectMapper().readTree(probe.body());
            assertThat(body).isEqualTo(new ObjectMapper().readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                    + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"mcp-oauth\",\"version\":\"0.1.0\"}}}"));
        }

        @Test
        void readsAChallengeSpreadOverSeveralHeaderLines() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Basic realm=\"legacy\"",
                    "Bearer resource_metadata=\"" + mcp.url("/prm") + "\", scope=\"mcp:write\""));
            mcp.enqueue("/prm", Answer.json(prm(server().toString(), auth.origin())));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            ServerAuthorization result = discovery.discover(server());

            assertThat(received).extracting(Received::toString).containsExactly(probe(), get(mcp.url("/prm")),
                    get(auth.url("/.well-known/oauth-authorization-server")));
            assertThat(result.challengeScopes()).containsExactly("mcp:write");
        }

        @Test
        void readsTheChallengeOfA403() {
            mcp.enqueue("/public/mcp", Answer.withChallenges(403,
                    "Bearer error=\"insufficient_scope\", scope=\"mcp:admin\", resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.json(prm(server().toString(), auth.origin())));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            ServerAuthorization result = discovery.discover(server());

            assertThat(result.discoveredScopes()).containsExactly("mcp:admin");
            assertThat(received).extracting(Received::toString).contains(get(mcp.url("/prm")));
        }

        @Test
        void stillLooksForMetadataWhenTheServerAnswersWithoutAskingForAuthorization() {
            mcp.enqueue("/public/mcp", Answer.json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
            mcp.enqueue("/.well-known/oauth-protected-resource/public/mcp", Answer.json(prm(server().toString(), auth.origin())));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            ServerAuthorization result = discovery.discover(server());

            assertThat(result.source()).isEqualTo(ServerAuthorization.Source.PROTECTED_RESOURCE_METADATA);
            assertThat(result.challengeScopes()).isEmpty();
            assertThat(result.discoveredScopes()).containsExactly("mcp:read", "mcp:write");
        }

        @Test
        void saysTheServerDoesNotRequireOAuthWhenItAnswersAndHasNoMetadata() {
            mcp.enqueue("/public/mcp", Answer.json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));

            assertFails(() -> discovery.discover(server()), ErrorCode.OAUTH_UNSUPPORTED, e -> {
                assertThat(e.detail()).isEqualTo("`" + server() + "` does not require OAuth: it answered an unauthenticated"
                        + " initialize request with HTTP 200 and publishes no protected resource metadata");
                assertThat(e.getMessage()).endsWith(ErrorCode.OAUTH_UNSUPPORTED.hint());
            });
            assertThat(received).extracting(Received::toString).containsExactly(probe(),
                    get(mcp.url("/.well-known/oauth-protected-resource/public/mcp")),
                    get(mcp.url("/.well-known/oauth-protected-resource")));
        }

        @Test
        void ignoresAChallengeOnASuccessfulAnswer() {
            mcp.enqueue("/public/mcp", Answer.withChallenges(200, "Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));

            assertFails(() -> discovery.discover(server()), ErrorCode.OAUTH_UNSUPPORTED, e -> { });
            assertThat(received).extracting(Received::toString).doesNotContain(get(mcp.url("/prm")));
        }

        @Test
        void reportsAnUnreachableServerAndTheStepThatFailed() throws Exception {
            URI unreachable = URI.create("http://127.0.0.1:" + closedPort() + "/mcp");
            List<DiscoveryStep> steps = new ArrayList<>();

            assertFails(() -> discovery.discover(unreachable, DiscoveryOptions.DEFAULTS, steps::add),
                    ErrorCode.UNREACHABLE, e -> assertThat(e.detail()).contains("127.0.0.1"));
            assertThat(steps).singleElement().satisfies(step -> {
                assertThat(step.description()).isEqualTo("unauthenticated MCP initialize");
                assertThat(step.url()).isEqualTo(unreachable);
                assertThat(step.status()).isEqualTo(-1);
                assertThat(step.outcome()).startsWith("no response: ");
            });
        }

        @Test
        void refusesAServerUrlThatIsNotHttp() {
            assertFails(() -> discovery.discover(URI.create("ftp://127.0.0.1/mcp")), ErrorCode.INVALID_INPUT,
                    e -> assertThat(e.detail()).isEqualTo("invalid MCP server URL `ftp://127.0.0.1/mcp`: not an http(s) URL"));
            assertThat(received).isEmpty();
        }
    }

    @Nested
    class WithResourceMetadataInTheChallenge {
        @Test
        void fetchesExactlyThatUrlAndNoWellKnownOne() {
            mcp.enqueue("/public/mcp", Answer.unauthorized(
                    "Bearer resource_metadata=\"" + mcp.url("/custom/prm") + "\", scope=\"mcp:write\""));
            mcp.enqueue("/custom/prm", Answer.json(prm(server().toString(), auth.origin())));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            ServerAuthorization result = discovery.discover(server());

            assertThat(received).extracting(Received::toString).containsExactly(
                    probe(),
                    get(mcp.url("/custom/prm")),
                    get(auth.url("/.well-known/oauth-authorization-server")));
            assertThat(result.issuer()).isEqualTo(auth.origin());
            assertThat(result.serverUrl()).isEqualTo(server());
            assertThat(result.resource().value()).isEqualTo(server().toString());
            assertThat(result.protectedResource().resourceName()).isEqualTo("Test MCP");
            assertThat(result.source()).isEqualTo(ServerAuthorization.Source.PROTECTED_RESOURCE_METADATA);
            assertThat(result.discoveredScopes()).containsExactly("mcp:write");
            assertThat(result.s256Supported()).isTrue();
            assertThat(result.clientIdMetadataDocumentSupported()).isTrue();
            assertThat(result.issParameterSupported()).isTrue();
            assertThat(result.offlineAccessSupported()).isTrue();
            assertThat(result.registrationEndpoint()).hasValue(URI.create(auth.url("/register")));
            assertThat(result.tokenEndpointAuthMethods()).containsExactly("none", "client_secret_basic");
            assertThat(mcp.unused()).isEmpty();
        }

        @Test
        void sendsJsonAcceptAndTheProtocolVersionOnMetadataRequests() {
            protectedBy(auth.origin());
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            discovery.discover(server());

            Received prmRequest = received.get(1);
            assertThat(prmRequest.header("Accept")).isEqualTo("application/json");
            assertThat(prmRequest.header("MCP-Protocol-Version")).isEqualTo("2025-11-25");
            Received asRequest = received.get(2);
            assertThat(asRequest.method()).isEqualTo("GET");
            assertThat(asRequest.header("Accept")).isEqualTo("application/json");
        }

        @Test
        void fetchesItFromAnotherOriginThanTheServer() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + auth.url("/prm/public/mcp") + "\""));
            auth.enqueue("/prm/public/mcp", Answer.json(prm(server().toString(), auth.origin())));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            assertThat(discovery.discover(server()).issuer()).isEqualTo(auth.origin());
            assertThat(received).extracting(Received::toString).containsExactly(probe(), get(auth.url("/prm/public/mcp")),
                    get(auth.url("/.well-known/oauth-authorization-server")));
        }

        @Test
        void doesNotFallBackToTheWellKnownUrlsWhenThatUrlFails() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/missing") + "\""));
            mcp.enqueue("/.well-known/oauth-protected-resource/public/mcp", Answer.json(prm(server().toString(), auth.origin())));

            assertFails(() -> discovery.discover(server()), ErrorCode.METADATA_NOT_FOUND, e ->
                    assertThat(e.detail()).isEqualTo("the protected resource metadata named by the challenge of `" + server()
                            + "`, " + mcp.url("/missing") + ", answered HTTP 404 (RFC 9728 §5.1)"));
            assertThat(received).extracting(Received::toString).containsExactly(probe(), get(mcp.url("/missing")));
        }

        @Test
        void followsARedirectWithinItsOrigin() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.redirect("/moved/prm"));
            mcp.enqueue("/moved/prm", Answer.json(prm(server().toString(), auth.origin())));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            discovery.discover(server());

            assertThat(received).extracting(Received::toString).containsExactly(probe(), get(mcp.url("/prm")),
                    get(mcp.url("/moved/prm")), get(auth.url("/.well-known/oauth-authorization-server")));
        }

        @Test
        void refusesARedirectToAnotherOrigin() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.redirect(auth.url("/prm")));
            auth.enqueue("/prm", Answer.json(prm(server().toString(), auth.origin())));

            assertFails(() -> discovery.discover(server()), ErrorCode.REDIRECT_REFUSED, e ->
                    assertThat(e.detail()).isEqualTo("`" + mcp.url("/prm") + "` redirected to another origin (`"
                            + auth.origin() + "`), which may not speak for it"));
            assertThat(received).extracting(Received::toString).containsExactly(probe(), get(mcp.url("/prm")));
        }

        @Test
        void refusesAValueThatIsNotAnAbsoluteUrl() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"/prm\""));

            assertFails(() -> discovery.discover(server()), ErrorCode.MALFORMED_RESPONSE, e ->
                    assertThat(e.detail()).isEqualTo("the challenge of `" + server() + "` names resource_metadata `/prm`,"
                            + " which is not an absolute http(s) URL (RFC 9728 §5.1)"));
            assertThat(received).extracting(Received::toString).containsExactly(probe());
        }
    }

    @Nested
    class WithoutResourceMetadataInTheChallenge {
        @Test
        void triesThePathSuffixedThenTheRootLocation() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer scope=\"mcp:read\""));
            mcp.enqueue("/.well-known/oauth-protected-resource", Answer.json(prm(server().toString(), auth.origin())));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            ServerAuthorization result = discovery.discover(server());

            assertThat(received).extracting(Received::toString).containsExactly(
                    probe(),
                    get(mcp.url("/.well-known/oauth-protected-resource/public/mcp")),
                    get(mcp.url("/.well-known/oauth-protected-resource")),
                    get(auth.url("/.well-known/oauth-authorization-server")));
            assertThat(result.discoveredScopes()).containsExactly("mcp:read");
        }

        @Test
        void stopsAtThePathSuffixedLocationWhenItHasTheMetadata() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer realm=\"x\""));
            mcp.enqueue("/.well-known/oauth-protected-resource/public/mcp", Answer.json(prm(server().toString(), auth.origin())));
            mcp.enqueue("/.well-known/oauth-protected-resource", Answer.json(prm(server().toString(), "https://evil.example.com")));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            ServerAuthorization result = discovery.discover(server());

            assertThat(received).extracting(Received::toString).containsExactly(probe(),
                    get(mcp.url("/.well-known/oauth-protected-resource/public/mcp")),
                    get(auth.url("/.well-known/oauth-authorization-server")));
            assertThat(result.discoveredScopes()).containsExactly("mcp:read", "mcp:write");
        }

        @Test
        void keepsTheServerUrlsQueryOnThePathSuffixedLocation() {
            URI withQuery = URI.create(mcp.url("/mcp?tenant=a"));
            mcp.enqueue("/mcp?tenant=a", Answer.unauthorized("Bearer"));
            mcp.enqueue("/.well-known/oauth-protected-resource/mcp?tenant=a", Answer.json(prm(mcp.url("/mcp"), auth.origin())));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            discovery.discover(withQuery);

            assertThat(received).extracting(Received::toString).containsExactly("POST " + withQuery,
                    get(mcp.url("/.well-known/oauth-protected-resource/mcp?tenant=a")),
                    get(auth.url("/.well-known/oauth-authorization-server")));
        }

        @Test
        void skipsALocationThatAnswersWithAServerError() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer"));
            mcp.enqueue("/.well-known/oauth-protected-resource/public/mcp", Answer.of(503, "text/plain", "busy"));
            mcp.enqueue("/.well-known/oauth-protected-resource", Answer.json(prm(server().toString(), auth.origin())));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            assertThat(discovery.discover(server()).steps()).extracting(DiscoveryStep::outcome)
                    .contains("not usable (HTTP 503), trying the next location");
        }

        @Test
        void refusesMalformedJsonAtALocationThatAnswered200InsteadOfTryingTheNext() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer"));
            mcp.enqueue("/.well-known/oauth-protected-resource/public/mcp", Answer.json("{\"resource\": "));
            mcp.enqueue("/.well-known/oauth-protected-resource", Answer.json(prm(server().toString(), auth.origin())));

            assertFails(() -> discovery.discover(server()), ErrorCode.MALFORMED_RESPONSE, e ->
                    assertThat(e.detail()).startsWith("protected resource metadata from `"
                            + mcp.url("/.well-known/oauth-protected-resource/public/mcp") + "` is not valid JSON"));
            assertThat(received).extracting(Received::toString).containsExactly(probe(),
                    get(mcp.url("/.well-known/oauth-protected-resource/public/mcp")));
        }

        @Test
        void fallsBackToTheWellKnownUrlsWhenTheChallengeIsMalformed() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm")));
            mcp.enqueue("/.well-known/oauth-protected-resource/public/mcp", Answer.json(prm(server().toString(), auth.origin())));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            ServerAuthorization result = discovery.discover(server());

            assertThat(result.source()).isEqualTo(ServerAuthorization.Source.PROTECTED_RESOURCE_METADATA);
            assertThat(received).extracting(Received::toString).doesNotContain(get(mcp.url("/prm")));
            assertThat(result.steps().get(0).outcome()).endsWith("(the challenge is malformed; reading what precedes the fault)");
        }
    }

    @Nested
    class TheResourceCheck {
        @Test
        void stopsBeforeAnyAuthorizationServerRequestOnAMismatch() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.json(prm("https://evil.example.com/mcp", auth.origin())));

            assertFails(() -> discovery.discover(server()), ErrorCode.RESOURCE_MISMATCH, e -> {
                assertThat(e.detail()).isEqualTo("protected resource metadata at " + mcp.url("/prm") + " is for "
                        + "`https://evil.example.com/mcp`, not `" + server() + "` (RFC 9728 §3.3)");
                assertThat(e.hint()).isEqualTo(ErrorCode.RESOURCE_MISMATCH.hint());
            });
            assertThat(received).extracting(Received::toString).containsExactly(probe(), get(mcp.url("/prm")));
        }

        @Test
        void refusesAnotherOriginWithTheSamePath() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.json(prm(auth.url("/public/mcp"), auth.origin())));

            assertFails(() -> discovery.discover(server()), ErrorCode.RESOURCE_MISMATCH,
                    e -> assertThat(e.detail()).contains("is for `" + auth.url("/public/mcp") + "`"));
            assertThat(received).noneMatch(r -> r.url().startsWith(auth.origin()));
        }

        @Test
        void acceptsAResourceThatIsAPathPrefixOfTheServerAtASegmentBoundary() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.json(prm(mcp.url("/public"), auth.origin())));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            assertThat(discovery.discover(server()).resource().value()).isEqualTo(mcp.url("/public"));
        }

        @Test
        void refusesAPrefixThatIsNotASegmentBoundary() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.json(prm(mcp.url("/pub"), auth.origin())));

            assertFails(() -> discovery.discover(server()), ErrorCode.RESOURCE_MISMATCH,
                    e -> assertThat(e.detail()).contains("is for `" + mcp.url("/pub") + "`, not `" + server() + "`"));
        }

        @Test
        void comparesTheCanonicalForms() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.json(prm(server().toString().replace("http://", "HTTP://") + "#fragment", auth.origin())));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            assertThat(discovery.discover(server()).resource().value()).isEqualTo(server().toString());
        }

        @Test
        void checksAgainstAConfiguredResourceInstead() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.json(prm("https://api.example.com/", auth.origin())));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            ServerAuthorization result = discovery.discover(server(), new DiscoveryOptions("https://api.example.com/"));

            assertThat(result.resource().value()).isEqualTo("https://api.example.com/");
        }

        @Test
        void refusesMetadataForTheServerUrlWhenAnotherResourceIsConfigured() {
            protectedBy(auth.origin());

            assertFails(() -> discovery.discover(server(), new DiscoveryOptions("https://api.example.com/")),
                    ErrorCode.RESOURCE_MISMATCH, e -> assertThat(e.detail()).isEqualTo("protected resource metadata at "
                            + mcp.url("/prm") + " is for `" + server() + "`, not `https://api.example.com/` (RFC 9728 §3.3)"));
            assertThat(received).noneMatch(r -> r.url().startsWith(auth.origin()));
        }
    }

    @Nested
    class AuthorizationServerDiscovery {
        @Test
        void triesTheThreeLocationsOfAnIssuerWithAPathInOrderAndNeverTheRoot() {
            String issuer = auth.url("/tenant1");
            protectedBy(issuer);
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));
            auth.enqueue("/.well-known/openid-configuration", Answer.json(metadata(auth.origin())));

            assertFails(() -> discovery.discover(server()), ErrorCode.METADATA_NOT_FOUND, e ->
                    assertThat(e.detail()).isEqualTo("no authorization server metadata for `" + issuer + "`: tried "
                            + auth.url("/.well-known/oauth-authorization-server/tenant1") + ", "
                            + auth.url("/.well-known/openid-configuration/tenant1") + ", "
                            + auth.url("/tenant1/.well-known/openid-configuration") + " (RFC 8414 §3.1)"));
            assertThat(received).filteredOn(r -> r.url().startsWith(auth.origin())).extracting(Received::toString)
                    .containsExactly(
                            get(auth.url("/.well-known/oauth-authorization-server/tenant1")),
                            get(auth.url("/.well-known/openid-configuration/tenant1")),
                            get(auth.url("/tenant1/.well-known/openid-configuration")));
        }

        @Test
        void findsTheOidcPathAppendedFormOfAnIssuerWithAPath() {
            String issuer = auth.url("/tenant1");
            protectedBy(issuer);
            auth.enqueue("/tenant1/.well-known/openid-configuration", Answer.json(metadata(issuer)));

            ServerAuthorization result = discovery.discover(server());

            assertThat(result.issuer()).isEqualTo(issuer);
            assertThat(result.metadata().getIssuer().getValue()).isEqualTo(issuer);
            assertThat(result.metadata().getAuthorizationEndpointURI()).isEqualTo(URI.create(issuer + "/authorize"));
        }

        @Test
        void usesOpenIdConnectOnlyMetadata() {
            protectedBy(auth.origin());
            auth.enqueue("/.well-known/openid-configuration", Answer.json(metadata(auth.origin())));

            ServerAuthorization result = discovery.discover(server());

            assertThat(result.issuer()).isEqualTo(auth.origin());
            assertThat(received).filteredOn(r -> r.url().startsWith(auth.origin())).extracting(Received::toString)
                    .containsExactly(get(auth.url("/.well-known/oauth-authorization-server")),
                            get(auth.url("/.well-known/openid-configuration")));
        }

        @Test
        void refusesADocumentWhoseIssuerDoesNotEchoAndTriesNoFurther() {
            protectedBy(auth.origin());
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata("https://evil.example.com")));
            auth.enqueue("/.well-known/openid-configuration", Answer.json(metadata(auth.origin())));

            assertFails(() -> discovery.discover(server()), ErrorCode.ISSUER_MISMATCH, e ->
                    assertThat(e.detail()).isEqualTo("authorization server metadata at "
                            + auth.url("/.well-known/oauth-authorization-server") + " names issuer `https://evil.example.com`,"
                            + " not `" + auth.origin() + "` (RFC 8414 §3.3)"));
            assertThat(received).extracting(Received::toString)
                    .doesNotContain(get(auth.url("/.well-known/openid-configuration")));
        }

        @Test
        void comparesTheIssuerExactlyIncludingATrailingSlash() {
            protectedBy(auth.origin());
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin() + "/")));

            assertFails(() -> discovery.discover(server()), ErrorCode.ISSUER_MISMATCH,
                    e -> assertThat(e.detail()).contains("names issuer `" + auth.origin() + "/`, not `" + auth.origin() + "`"));
        }

        @Test
        void refusesADocumentWithoutAnIssuer() {
            protectedBy(auth.origin());
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json("{\"authorization_endpoint\":\"x\"}"));

            assertFails(() -> discovery.discover(server()), ErrorCode.ISSUER_MISMATCH,
                    e -> assertThat(e.detail()).contains("names issuer `(none)`"));
        }

        @Test
        void usesTheFirstOfSeveralAuthorizationServers() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.json(prm(server().toString(), auth.origin(), "https://other.example.com")));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            ServerAuthorization result = discovery.discover(server());

            assertThat(result.issuer()).isEqualTo(auth.origin());
            assertThat(result.steps()).extracting(DiscoveryStep::outcome).contains("using " + auth.origin() + ", the first of 2 listed");
        }

        @Test
        void failsWhenTheMetadataListsNoAuthorizationServer() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.json("{\"resource\":\"" + server() + "\"}"));

            assertFails(() -> discovery.discover(server()), ErrorCode.METADATA_NOT_FOUND, e ->
                    assertThat(e.detail()).isEqualTo("protected resource metadata at " + mcp.url("/prm")
                            + " lists no authorization servers (RFC 9728 §2)"));
            assertThat(received).hasSize(2);
        }

        @Test
        void refusesAnAuthorizationServerThatIsNotAnIssuerUrl() {
            protectedBy(auth.origin() + "?tenant=a");

            assertFails(() -> discovery.discover(server()), ErrorCode.MALFORMED_RESPONSE, e ->
                    assertThat(e.detail()).isEqualTo("protected resource metadata at " + mcp.url("/prm")
                            + " names the authorization server `" + auth.origin() + "?tenant=a`, which is not an http(s) URL"
                            + " without query or fragment (RFC 8414 §2)"));
            assertThat(received).hasSize(2);
        }

        @Test
        void wrapsMetadataTheOAuthLibraryCannotParse() {
            protectedBy(auth.origin());
            auth.enqueue("/.well-known/oauth-authorization-server",
                    Answer.json("{\"issuer\":\"" + auth.origin() + "\",\"authorization_endpoint\":42}"));

            assertFails(() -> discovery.discover(server()), ErrorCode.MALFORMED_RESPONSE, e ->
                    assertThat(e.detail()).startsWith("authorization server metadata at "
                            + auth.url("/.well-known/oauth-authorization-server") + " is invalid: ")
                            .endsWith("(RFC 8414 §2)"));
        }

        @Test
        void reportsAnUnreachableAuthorizationServer() throws Exception {
            String issuer = "http://127.0.0.1:" + closedPort();
            protectedBy(issuer);
            List<DiscoveryStep> steps = new ArrayList<>();

            assertFails(() -> discovery.discover(server(), null, steps::add), ErrorCode.UNREACHABLE,
                    e -> assertThat(e.detail()).contains(issuer));
            assertThat(steps.get(steps.size() - 1)).satisfies(step -> {
                assertThat(step.url()).isEqualTo(URI.create(issuer + "/.well-known/oauth-authorization-server"));
                assertThat(step.status()).isEqualTo(-1);
            });
        }
    }

    @Nested
    class The20250326Fallbacks {
        private List<String> wellKnownProtectedResource() {
            return List.of(get(mcp.url("/.well-known/oauth-protected-resource/public/mcp")),
                    get(mcp.url("/.well-known/oauth-protected-resource")));
        }

        @Test
        void usesTheOriginsMetadataWithoutProtectedResourceMetadata() {
            mcp.enqueue("/public/mcp", Answer.unauthorized());
            mcp.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(mcp.origin())));

            ServerAuthorization result = discovery.discover(server());

            assertThat(result.source()).isEqualTo(ServerAuthorization.Source.LEGACY_ORIGIN_METADATA);
            assertThat(result.issuer()).isEqualTo(mcp.origin());
            assertThat(result.protectedResource()).isNull();
            assertThat(result.resource().value()).isEqualTo(server().toString());
            List<String> expected = new ArrayList<>();
            expected.add(probe());
            expected.addAll(wellKnownProtectedResource());
            expected.add(get(mcp.url("/.well-known/oauth-authorization-server")));
            assertThat(received).extracting(Received::toString).containsExactlyElementsOf(expected);
        }

        @Test
        void acceptsTheOriginWrittenWithATrailingSlashAndKeepsItAsTheIssuer() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer realm=\"mcp\""));
            mcp.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(mcp.origin() + "/")));

            ServerAuthorization result = discovery.discover(server());

            assertThat(result.source()).isEqualTo(ServerAuthorization.Source.LEGACY_ORIGIN_METADATA);
            assertThat(result.issuer()).isEqualTo(mcp.origin() + "/");
        }

        @Test
        void acceptsAnIssuerBelowTheServersOwnOriginAndKeepsIt() {
            mcp.enqueue("/public/mcp", Answer.unauthorized());
            mcp.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(mcp.origin() + "/oauth")));

            ServerAuthorization result = discovery.discover(server());

            assertThat(result.source()).isEqualTo(ServerAuthorization.Source.LEGACY_ORIGIN_METADATA);
            assertThat(result.issuer()).isEqualTo(mcp.origin() + "/oauth");
        }

        @Test
        void refusesOriginMetadataNamingAnotherIssuer() {
            mcp.enqueue("/public/mcp", Answer.unauthorized());
            mcp.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            assertFails(() -> discovery.discover(server()), ErrorCode.ISSUER_MISMATCH, e ->
                    assertThat(e.detail()).isEqualTo("authorization server metadata at "
                            + mcp.url("/.well-known/oauth-authorization-server") + " names issuer `" + auth.origin()
                            + "`, not `" + mcp.origin() + "` (RFC 8414 §3.3)"));
        }

        @Test
        void usesDefaultEndpointsWithoutAnyMetadata() {
            mcp.enqueue("/public/mcp", Answer.unauthorized());

            ServerAuthorization result = discovery.discover(server());

            assertThat(result.source()).isEqualTo(ServerAuthorization.Source.LEGACY_DEFAULT_ENDPOINTS);
            assertThat(result.issuer()).isEqualTo(mcp.origin());
            assertThat(result.metadata().getIssuer().getValue()).isEqualTo(mcp.origin());
            assertThat(result.metadata().getAuthorizationEndpointURI()).isEqualTo(URI.create(mcp.url("/authorize")));
            assertThat(result.metadata().getTokenEndpointURI()).isEqualTo(URI.create(mcp.url("/token")));
            assertThat(result.registrationEndpoint()).hasValue(URI.create(mcp.url("/register")));
            assertThat(result.s256Supported()).isTrue();
            assertThat(result.clientIdMetadataDocumentSupported()).isFalse();
            List<String> expected = new ArrayList<>();
            expected.add(probe());
            expected.addAll(wellKnownProtectedResource());
            expected.add(get(mcp.url("/.well-known/oauth-authorization-server")));
            expected.add(get(mcp.url("/.well-known/openid-configuration")));
            assertThat(received).extracting(Received::toString).containsExactlyElementsOf(expected);
        }

        @Test
        void saysTheServerDoesNotUseOAuthWhenItAsksOnlyForAnotherScheme() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Basic realm=\"intranet\""));

            assertFails(() -> discovery.discover(server()), ErrorCode.OAUTH_UNSUPPORTED, e ->
                    assertThat(e.detail()).isEqualTo("`" + server() + "` asks for Basic authorization, not OAuth (no Bearer"
                            + " challenge, no protected resource or authorization server metadata)"));
        }

        @Test
        void findsNothingForAServerThatAnswersWithAnError() {
            mcp.enqueue("/public/mcp", Answer.of(404, "text/plain", "no such endpoint"));

            assertFails(() -> discovery.discover(server()), ErrorCode.METADATA_NOT_FOUND, e ->
                    assertThat(e.detail()).isEqualTo("`" + server() + "` answered HTTP 404 without an OAuth challenge, and no"
                            + " protected resource or authorization server metadata was found"));
        }
    }

    @Nested
    class BadDocuments {
        @Test
        void refusesMalformedJson() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.json("{\"resource\": "));

            assertFails(() -> discovery.discover(server()), ErrorCode.MALFORMED_RESPONSE,
                    e -> assertThat(e.detail()).startsWith("protected resource metadata from `" + mcp.url("/prm")
                            + "` is not valid JSON"));
        }

        @Test
        void refusesTheWrongContentType() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.of(200, "text/html", "<html></html>"));

            assertFails(() -> discovery.discover(server()), ErrorCode.MALFORMED_RESPONSE,
                    e -> assertThat(e.detail()).isEqualTo("protected resource metadata from `" + mcp.url("/prm")
                            + "` has content type `text/html`, expected application/json"));
        }

        @Test
        void refusesAuthorizationServerMetadataOfTheWrongContentType() {
            protectedBy(auth.origin());
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.of(200, "text/html", "<html></html>"));

            assertFails(() -> discovery.discover(server()), ErrorCode.MALFORMED_RESPONSE,
                    e -> assertThat(e.detail()).contains("has content type `text/html`"));
            assertThat(received).extracting(Received::toString)
                    .doesNotContain(get(auth.url("/.well-known/openid-configuration")));
        }

        @Test
        void refusesAMemberOfTheWrongTypeNamingIt() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.json("{\"resource\":\"" + server() + "\",\"authorization_servers\":\"" + auth.origin() + "\"}"));

            assertFails(() -> discovery.discover(server()), ErrorCode.MALFORMED_RESPONSE,
                    e -> assertThat(e.detail()).isEqualTo("protected resource metadata at " + mcp.url("/prm")
                            + ": `authorization_servers` must be an array of strings"));
        }

        @Test
        void acceptsABodyOfExactlyOneMebibyte() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.json(paddedPrm(HttpTransport.DEFAULT_MAX_RESPONSE_BYTES)));
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            assertThat(discovery.discover(server()).protectedResource().json().get("padding").textValue()).startsWith("xxx");
        }

        @Test
        void refusesABodyOverOneMebibyte() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.json(paddedPrm(HttpTransport.DEFAULT_MAX_RESPONSE_BYTES + 1)));

            assertFails(() -> discovery.discover(server()), ErrorCode.RESPONSE_TOO_LARGE,
                    e -> assertThat(e.detail()).isEqualTo("`" + mcp.url("/prm") + "` sent more than 1048576 bytes"));
            assertThat(received).noneMatch(r -> r.url().startsWith(auth.origin()));
        }

        /** Valid protected resource metadata of exactly {@code size} bytes. */
        private String paddedPrm(int size) {
            String head = "{\"resource\":\"" + server() + "\",\"authorization_servers\":[\"" + auth.origin() + "\"],\"padding\":\"";
            String tail = "\"}";
            String json = head + "x".repeat(size - head.length() - tail.length()) + tail;
            assertThat(json.getBytes(StandardCharsets.UTF_8)).hasSize(size);
            return json;
        }
    }

    @Nested
    class TheSteps {
        @Test
        void recordOneStepPerUrlTriedAndEachCheckInOrder() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer scope=\"mcp:read\""));
            mcp.enqueue("/.well-known/oauth-protected-resource", Answer.json(prm(server().toString(), auth.origin())));
            auth.enqueue("/.well-known/openid-configuration", Answer.json(metadata(auth.origin())));
            List<DiscoveryStep> live = new ArrayList<>();

            ServerAuthorization result = discovery.discover(server(), DiscoveryOptions.DEFAULTS, live::add);

            assertThat(result.steps()).isEqualTo(live).containsExactly(
                    new DiscoveryStep("unauthenticated MCP initialize", server(), 401,
                            "asks for authorization: Bearer scope=\"mcp:read\""),
                    new DiscoveryStep("protected resource metadata",
                            URI.create(mcp.url("/.well-known/oauth-protected-resource/public/mcp")), 404,
                            "not found (HTTP 404), trying the next location"),
                    new DiscoveryStep("protected resource metadata",
                            URI.create(mcp.url("/.well-known/oauth-protected-resource")), 200,
                            "found protected resource metadata for `" + server() + "`, authorization servers ["
                                    + auth.origin() + "]"),
                    new DiscoveryStep("resource check", null, -1,
                            "the metadata's resource `" + server() + "` covers the server URL `" + server() + "`"),
                    new DiscoveryStep("authorization server", null, -1, "using " + auth.origin()),
                    new DiscoveryStep("authorization server metadata",
                            URI.create(auth.url("/.well-known/oauth-authorization-server")), 404,
                            "not found (HTTP 404), trying the next location"),
                    new DiscoveryStep("authorization server metadata",
                            URI.create(auth.url("/.well-known/openid-configuration")), 200,
                            "found authorization server metadata for issuer `" + auth.origin() + "`"));
        }

        @Test
        void includeTheStepsUpToAFailure() {
            protectedBy(auth.origin());
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata("https://evil.example.com")));
            List<DiscoveryStep> steps = new ArrayList<>();

            assertFails(() -> discovery.discover(server(), DiscoveryOptions.DEFAULTS, steps::add),
                    ErrorCode.ISSUER_MISMATCH, e -> { });

            assertThat(steps.get(steps.size() - 1).outcome()).isEqualTo("issuer mismatch: the document says"
                    + " `https://evil.example.com`, not `" + auth.origin() + "`; not used, and no other location is tried");
        }

        @Test
        void sayWhenTheLastLocationWasTried() {
            mcp.enqueue("/public/mcp", Answer.unauthorized());
            List<DiscoveryStep> steps = new ArrayList<>();

            discovery.discover(server(), DiscoveryOptions.DEFAULTS, steps::add);

            assertThat(steps).extracting(DiscoveryStep::outcome).contains(
                    "not found (HTTP 404), and that was the last location",
                    "no metadata at all; using " + mcp.url("/authorize") + ", " + mcp.url("/token") + " and "
                            + mcp.url("/register"));
        }
    }
}

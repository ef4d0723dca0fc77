package dev.mcpoauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.HttpTransport;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Discovery against real local servers that answer per path and record what they received. */
class AuthorizationDiscoveryTest {

    /** A canned answer. */
    record Answer(int status, String contentType, String body, Map<String, String> headers) {
        static Answer json(String body) {
            return new Answer(200, "application/json", body, Map.of());
        }
    }

    /** A local server with per-path answers; unknown paths get 404. */
    static final class Site implements AutoCloseable {
        final HttpServer server;
        final Map<String, Answer> answers = new ConcurrentHashMap<>();
        final List<String> received;

        Site(List<String> received) throws Exception {
            this.received = received;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String target = exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
                received.add(exchange.getRequestMethod() + " " + origin() + target);
                Answer answer = answers.getOrDefault(target, new Answer(404, "application/json", "{}", Map.of()));
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
                answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
                exchange.close();
            });
            server.start();
        }

        String origin() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        Site on(String path, Answer answer) {
            answers.put(path, answer);
            return this;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private final List<String> received = new CopyOnWriteArrayList<>();
    private Site mcp;
    private Site auth;
    private final AuthorizationDiscovery discovery = new AuthorizationDiscovery(HttpTransport.defaults());

    @BeforeEach
    void start() throws Exception {
        mcp = new Site(received);
        auth = new Site(received);
    }

    @AfterEach
    void stop() {
        mcp.close();
        auth.close();
    }

    private URI server() {
        return URI.create(mcp.origin() + "/public/mcp");
    }

    private Answer challenge(String params) {
        return new Answer(401, "application/json", "{}", Map.of("WWW-Authenticate", "Bearer " + params));
    }

    private String prm(String resource, String issuer) {
        return "{\"resource\":\"" + resource + "\",\"authorization_servers\":[\"" + issuer + "\"],"
                + "\"scopes_supported\":[\"mcp:read\",\"mcp:write\"]}";
    }

    private String metadata(String issuer) {
        return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\","
                + "\"token_endpoint\":\"" + issuer + "/token\",\"response_types_supported\":[\"code\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"],\"scopes_supported\":[\"mcp:read\",\"offline_access\"],"
                + "\"client_id_metadata_document_supported\":true,\"authorization_response_iss_parameter_supported\":true}";
    }

    @Nested
    class WithResourceMetadataInTheChallenge {
        @Test
        void fetchesExactlyThatUrlAndNoWellKnownOne() {
            mcp.on("/public/mcp", challenge("resource_metadata=\"" + mcp.origin() + "/custom/prm\", scope=\"mcp:write\""));
            mcp.on("/custom/prm", Answer.json(prm(server().toString(), auth.origin())));
            auth.on("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

            ServerAuthorization result = discovery.discover(server());

            assertThat(received).containsExactly(
                    "POST " + mcp.origin() + "/public/mcp",
                    "GET " + mcp.origin() + "/custom/prm",
                    "GET " + auth.origin() + "/.well-known/oauth-authorization-server");
            assertThat(result.issuer()).isEqualTo(auth.origin());
            assertThat(result.discoveredScopes()).containsExactly("mcp:write");
            assertThat(result.s256Supported()).isTrue();
            assertThat(result.clientIdMetadataDocumentSupported()).isTrue();
            assertThat(result.issParameterSupported()).isTrue();
            assertThat(result.offlineAccessSupported()).isTrue();
            assertThat(result.source()).isEqualTo(ServerAuthorization.Source.PROTECTED_RESOURCE_METADATA);
            assertThat(result.steps()).hasSize(4);
        }

        @Test
        void doesNotFallBackToWellKnownUrlsWhenThatUrlFails() {
            mcp.on("/public/mcp", challenge("resource_metadata=\"" + mcp.origin() + "/missing\""));
            mcp.on("/.well-known/oauth-protected-resource/public/mcp", Answer.json(prm(server().toString(), auth.origin())));
            assertThatThrownBy(() -> discovery.discover(server()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.METADATA_NOT_FOUND);
                        assertThat(e.detail()).contains(mcp.origin() + "/missing").contains("HTTP 404");
                    });
            assertThat(received).noneMatch(r -> r.contains("/.well-known/"));
        }
    }

    @Nested
    class WithoutResourceMetadataInTheChallenge {
        @Test
        void triesThePathSuffixedThenTheRootLocation() {
            mcp.on("/public/mcp", challenge("scope=\"mcp:read\""));
            mcp.on("/.well-known/oauth-protected-resource", Answer.json(prm(server().toString(), auth.origin())));
            auth.on("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));
            discovery.discover(server());
            assertThat(received).startsWith(
                    "POST " + mcp.origin() + "/public/mcp",
                    "GET " + mcp.origin() + "/.well-known/oauth-protected-resource/public/mcp",
                    "GET " + mcp.origin() + "/.well-known/oauth-protected-resource");
        }

        @Test
        void usesTheResourceScopesWhenTheChallengeHasNone() {
            mcp.on("/public/mcp", challenge("realm=\"x\""));
            mcp.on("/.well-known/oauth-protected-resource/public/mcp", Answer.json(prm(server().toString(), auth.origin())));
            auth.on("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));
            assertThat(discovery.discover(server()).discoveredScopes()).containsExactly("mcp:read", "mcp:write");
        }
    }

    @Nested
    class TheResourceCheck {
        @Test
        void stopsBeforeAnyAuthorizationServerRequestOnAMismatch() {
            mcp.on("/public/mcp", challenge("resource_metadata=\"" + mcp.origin() + "/prm\""));
            mcp.on("/prm", Answer.json(prm("https://evil.example.com/mcp", auth.origin())));
            assertThatThrownBy(() -> discovery.discover(server()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_MISMATCH);
                        assertThat(e.detail()).isEqualTo("protected resource metadata at " + mcp.origin() + "/prm is for "
                                + "`https://evil.example.com/mcp`, not `" + server() + "` (RFC 9728 §3.3)");
                    });
            assertThat(received).noneMatch(r -> r.contains(auth.origin()));
        }

        @Test
        void acceptsAResourceThatIsAPathPrefixOfTheServer() {
            mcp.on("/public/mcp", challenge("resource_metadata=\"" + mcp.origin() + "/prm\""));
            mcp.on("/prm", Answer.json(prm(mcp.origin() + "/public", auth.origin())));
            auth.on("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));
            assertThat(discovery.discover(server()).resource().value()).isEqualTo(mcp.origin() + "/public");
        }

        @Test
        void refusesAPrefixThatIsNotASegmentBoundary() {
            mcp.on("/public/mcp", challenge("resource_metadata=\"" + mcp.origin() + "/prm\""));
            mcp.on("/prm", Answer.json(prm(mcp.origin() + "/pub", auth.origin())));
            assertThatThrownBy(() -> discovery.discover(server()))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_MISMATCH));
        }

        @Test
        void checksAgainstAConfiguredResourceInstead() {
            mcp.on("/public/mcp", challenge("resource_metadata=\"" + mcp.origin() + "/prm\""));
            mcp.on("/prm", Answer.json(prm("https://api.example.com/", auth.origin())));
            auth.on("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));
            ServerAuthorization result = discovery.discover(server(), new DiscoveryOptions("https://api.example.com/"));
            assertThat(result.resource().value()).isEqualTo("https://api.example.com/");
        }
    }

    @Nested
    class AuthorizationServerMetadata {
        private void protectedBy(String issuer) {
            mcp.on("/public/mcp", challenge("resource_metadata=\"" + mcp.origin() + "/prm\""));
            mcp.on("/prm", Answer.json(prm(server().toString(), issuer)));
        }

        @Test
        void triesTheThreeLocationsOfAnIssuerWithAPathInOrderAndNeverTheRoot() {
            String issuer = auth.origin() + "/tenant1";
            protectedBy(issuer);
            auth.on("/tenant1/.well-known/openid-configuration", Answer.json(metadata(issuer)));
            auth.on("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));
            ServerAuthorization result = discovery.discover(server());
            assertThat(result.issuer()).isEqualTo(issuer);
            assertThat(received).filteredOn(r -> r.contains(auth.origin())).containsExactly(
                    "GET " + auth.origin() + "/.well-known/oauth-authorization-server/tenant1",
                    "GET " + auth.origin() + "/.well-known/openid-configuration/tenant1",
                    "GET " + auth.origin() + "/tenant1/.well-known/openid-configuration");
        }

        @Test
        void refusesADocumentWhoseIssuerDoesNotEchoAndTriesNoFurther() {
            protectedBy(auth.origin());
            auth.on("/.well-known/oauth-authorization-server", Answer.json(metadata("https://evil.example.com")));
            auth.on("/.well-known/openid-configuration", Answer.json(metadata(auth.origin())));
            assertThatThrownBy(() -> discovery.discover(server()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ISSUER_MISMATCH);
                        assertThat(e.detail()).contains("names issuer `https://evil.example.com`, not `" + auth.origin()
                                + "` (RFC 8414 §3.3)");
                    });
            assertThat(received).noneMatch(r -> r.endsWith("/.well-known/openid-configuration"));
        }

        @Test
        void comparesTheIssuerExactly() {
            protectedBy(auth.origin());
            auth.on("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin() + "/")));
            assertThatThrownBy(() -> discovery.discover(server()))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ISSUER_MISMATCH));
        }

        @Test
        void reportsEveryLocationTriedWhenThereIsNone() {
            protectedBy(auth.origin());
            assertThatThrownBy(() -> discovery.discover(server()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.METADATA_NOT_FOUND);
                        assertThat(e.detail()).contains("/.well-known/oauth-authorization-server")
                                .contains("/.well-known/openid-configuration");
                    });
        }
    }

    @Nested
    class The20250326Fallbacks {
        @Test
        void usesTheOriginsMetadataWithoutProtectedResourceMetadata() {
            mcp.on("/public/mcp", new Answer(401, "application/json", "{}", Map.of()));
            mcp.on("/.well-known/oauth-authorization-server", Answer.json(metadata(mcp.origin())));
            ServerAuthorization result = discovery.discover(server());
            assertThat(result.source()).isEqualTo(ServerAuthorization.Source.LEGACY_ORIGIN_METADATA);
            assertThat(result.issuer()).isEqualTo(mcp.origin());
            assertThat(result.resource().value()).isEqualTo(server().toString());
        }

        @Test
        void usesDefaultEndpointsWithoutAnyMetadata() {
            mcp.on("/public/mcp", new Answer(401, "application/json", "{}", Map.of()));
            ServerAuthorization result = discovery.discover(server());
            assertThat(result.source()).isEqualTo(ServerAuthorization.Source.LEGACY_DEFAULT_ENDPOINTS);
            assertThat(result.metadata().getAuthorizationEndpointURI()).isEqualTo(URI.create(mcp.origin() + "/authorize"));
            assertThat(result.metadata().getTokenEndpointURI()).isEqualTo(URI.create(mcp.origin() + "/token"));
            assertThat(result.registrationEndpoint()).hasValue(URI.create(mcp.origin() + "/register"));
            assertThat(result.s256Supported()).isTrue();
        }

        @Test
        void saysTheServerDoesNotUseOAuthWhenItAnswersWithoutAChallenge() {
            mcp.on("/public/mcp", Answer.json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
            assertThatThrownBy(() -> discovery.discover(server()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.OAUTH_UNSUPPORTED);
                        assertThat(e.getMessage()).contains("does not use OAuth").contains("use a bearer token");
                    });
        }
    }

    @Nested
    class BadDocuments {
        @Test
        void refusesMalformedJson() {
            mcp.on("/public/mcp", challenge("resource_metadata=\"" + mcp.origin() + "/prm\""));
            mcp.on("/prm", Answer.json("{\"resource\": "));
            assertThatThrownBy(() -> discovery.discover(server()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
                        assertThat(e.detail()).contains("is not valid JSON");
                    });
        }

        @Test
        void refusesTheWrongContentType() {
            mcp.on("/public/mcp", challenge("resource_metadata=\"" + mcp.origin() + "/prm\""));
            mcp.on("/prm", new Answer(200, "text/html", "<html></html>", Map.of()));
            assertThatThrownBy(() -> discovery.discover(server()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
                        assertThat(e.detail()).contains("content type `text/html`");
                    });
        }

        @Test
        void refusesAMemberOfTheWrongType() {
            mcp.on("/public/mcp", challenge("resource_metadata=\"" + mcp.origin() + "/prm\""));
            mcp.on("/prm", Answer.json("{\"resource\":\"" + server() + "\",\"authorization_servers\":\"" + auth.origin() + "\"}"));
            assertThatThrownBy(() -> discovery.discover(server()))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.detail()).contains("`authorization_servers` must be an array of strings"));
        }

        @Test
        void refusesABodyOverOneMebibyte() {
            mcp.on("/public/mcp", challenge("resource_metadata=\"" + mcp.origin() + "/prm\""));
            mcp.on("/prm", Answer.json("{\"resource\":\"" + "x".repeat(1_100_000) + "\"}"));
            assertThatThrownBy(() -> discovery.discover(server()))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.RESPONSE_TOO_LARGE));
        }

        @Test
        void refusesMetadataThatRedirectsToAnotherOrigin() {
            mcp.on("/public/mcp", challenge("resource_metadata=\"" + mcp.origin() + "/prm\""));
            mcp.on("/prm", new Answer(302, "text/plain", "", Map.of("Location", auth.origin() + "/prm")));
            assertThatThrownBy(() -> discovery.discover(server()))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.REDIRECT_REFUSED));
            assertThat(received).noneMatch(r -> r.contains(auth.origin()));
        }

        @Test
        void reportsAnUnreachableServerAndTheStepThatFailed() throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<DiscoveryStep> steps = new ArrayList<>();
            assertThatThrownBy(() -> discovery.discover(URI.create("http://127.0.0.1:" + port + "/mcp"),
                    DiscoveryOptions.DEFAULTS, steps::add))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE));
            assertThat(steps).singleElement().satisfies(step -> {
                assertThat(step.status()).isEqualTo(-1);
                assertThat(step.outcome()).startsWith("no response");
            });
        }
    }
}

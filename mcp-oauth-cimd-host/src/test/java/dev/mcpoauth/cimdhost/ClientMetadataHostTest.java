package dev.mcpoauth.cimdhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.authorize.CallbackId;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.registration.ClientMetadataUrls;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientMetadataHostTest {
    static final String PUBLIC_BASE = "https://apps.example.com/mcp-oauth/";
    static final String ID = CallbackId.of("http://127.0.0.1:4321/mcp").value();
    static final String REDIRECT = "http://127.0.0.1:4321/callback/" + ID;

    ClientMetadataHost host;
    final List<ServedRequest> served = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHost() {
        host = ClientMetadataHost.builder(PUBLIC_BASE).requestListener(served::add).build().start();
    }

    @AfterEach
    void closeHost() {
        host.close();
    }

    /** The path and query of the client_id clients build for this redirect URI. */
    static String target(String base, String callbackId, String redirectUri) {
        URI clientId = URI.create(ClientMetadataUrls.callbackScoped(base, new CallbackId(callbackId), redirectUri));
        return clientId.getRawPath() + "?" + clientId.getRawQuery();
    }

    TestHttp.Response get(String target) throws Exception {
        return TestHttp.get("http://127.0.0.1:" + host.port() + target);
    }

    TestHttp.Response getDocument(String redirectUri) throws Exception {
        return get(target(PUBLIC_BASE, ID, redirectUri));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static void assertRefusal(TestHttp.Response response, int status, String error, String description) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("content-type")).isEqualTo("application/json");
        assertThat(response.header("cache-control")).isEqualTo("no-store");
        assertThat(response.json()).isEqualTo(Json.MAPPER.createObjectNode()
                .put("error", error).put("error_description", description));
    }

    @Nested
    class ServesCallbackScopedDocuments {
        @Test
        void theDocumentNamesTheRequestedUrlAsClientIdAndTheRedirectUriAsItsOnlyOne() throws Exception {
            TestHttp.Response response = getDocument(REDIRECT);

            String clientId = ClientMetadataUrls.callbackScoped(PUBLIC_BASE, new CallbackId(ID), REDIRECT);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("{\"client_id\":\"" + clientId + "\","
                    + "\"client_name\":\"mcp-oauth\","
                    + "\"redirect_uris\":[\"" + REDIRECT + "\"],"
                    + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                    + "\"response_types\":[\"code\"],"
                    + "\"token_endpoint_auth_method\":\"none\","
                    + "\"application_type\":\"native\"}");
            assertThat(clientId).isEqualTo("https://apps.example.com/mcp-oauth/" + ID
                    + "/client.json?redirect_uri=http%3A%2F%2F127.0.0.1%3A4321%2Fcallback%2F" + ID);
        }

        @Test
        void theClientIdComesFromThePublicBaseWhateverHostHeaderTheRequestCarries() throws Exception {
            TestHttp.Response response = TestHttp.raw(host.port(), "GET", target(PUBLIC_BASE, ID, REDIRECT),
                    "attacker.example");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("client_id").textValue()).startsWith("https://apps.example.com/mcp-oauth/" + ID);
        }

        @Test
        void theSeedVectorUrlIsServedWithItsOwnUrlAsClientId() throws Exception {
            String base = "https://chatgpt.com/codex/local-mcp/oauth/";
            try (ClientMetadataHost seed = ClientMetadataHost.builder(base).build().start()) {
                TestHttp.Response response = TestHttp.get("http://127.0.0.1:" + seed.port()
                        + "/codex/local-mcp/oauth/abc123/client.json?redirect_uri=http%3A%2F%2F127.0.0.1%3A4321%2Fcallback%2Fabc123");

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.json().get("client_id").textValue()).isEqualTo(
                        "https://chatgpt.com/codex/local-mcp/oauth/abc123/client.json?redirect_uri=http%3A%2F%2F127.0.0.1%3A4321%2Fcallback%2Fabc123");
            }
        }

        @Test
        void aPublicBaseWithoutTrailingSlashServesTheSameUrls() throws Exception {
            try (ClientMetadataHost noSlash = ClientMetadataHost.builder("https://APPS.example.com:443/mcp-oauth").build().start()) {
                TestHttp.Response response = TestHttp.get("http://127.0.0.1:" + noSlash.port() + target(PUBLIC_BASE, ID, REDIRECT));

                assertThat(noSlash.publicBase()).isEqualTo("https://apps.example.com/mcp-oauth");
                assertThat(response.json().get("client_id").textValue())
                        .isEqualTo(ClientMetadataUrls.callbackScoped(PUBLIC_BASE, new CallbackId(ID), REDIRECT));
            }
        }

        @Test
        void aPublicBaseWithoutPathServesDocumentsAtTheRoot() throws Exception {
            try (ClientMetadataHost root = ClientMetadataHost.builder("https://cimd.example.com").build().start()) {
                TestHttp.Response response = TestHttp.get("http://127.0.0.1:" + root.port()
                        + "/" + ID + "/client.json?redirect_uri=" + encode(REDIRECT));

                assertThat(response.json().get("client_id").textValue()).isEqualTo("https://cimd.example.com/" + ID
                        + "/client.json?redirect_uri=" + encode(REDIRECT));
            }
        }

        @Test
        void documentsMayBeCachedForAnHourAndAreNotSniffed() throws Exception {
            TestHttp.Response response = getDocument(REDIRECT);

            assertThat(response.header("content-type")).isEqualTo("application/json");
            assertThat(response.header("cache-control")).isEqualTo("public, max-age=3600");
            assertThat(response.header("x-content-type-options")).isEqualTo("nosniff");
        }

        @Test
        void theCacheLifetimeAndClientNameAreConfigurable() throws Exception {
            try (ClientMetadataHost custom = ClientMetadataHost.builder(PUBLIC_BASE).clientName("Acme \"MCP\" host")
                    .cacheMaxAge(Duration.ofMinutes(5)).build().start()) {
                TestHttp.Response response = TestHttp.get("http://127.0.0.1:" + custom.port() + target(PUBLIC_BASE, ID, REDIRECT));

                assertThat(response.header("cache-control")).isEqualTo("public, max-age=300");
                assertThat(response.json().get("client_name").textValue()).isEqualTo("Acme \"MCP\" host");
            }
        }

        @Test
        void ipv6LoopbackLocalhostAndAnyPortAreLoopback() throws Exception {
            for (String redirect : List.of("http://[::1]:9/callback/" + ID, "http://localhost/callback/" + ID,
                    "http://LOCALHOST:65535/cb/" + ID, "https://127.0.0.1:8443/" + ID, "http://127.0.0.1:5000/x/" + ID + "?a=b")) {
                TestHttp.Response response = getDocument(redirect);

                assertThat(response.status()).as(redirect).isEqualTo(200);
                assertThat(response.json().get("redirect_uris").get(0).textValue()).isEqualTo(redirect);
                assertThat(response.json().get("client_id").textValue())
                        .isEqualTo(ClientMetadataUrls.callbackScoped(PUBLIC_BASE, new CallbackId(ID), redirect));
            }
        }

        @Test
        void aRedirectUriSentUnencodedGetsTheCanonicalClientIdThatClientsUse() throws Exception {
            TestHttp.Response response = get("/mcp-oauth/" + ID + "/client.json?redirect_uri=" + REDIRECT);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("client_id").textValue())
                    .isEqualTo(ClientMetadataUrls.callbackScoped(PUBLIC_BASE, new CallbackId(ID), REDIRECT));
        }

        @Test
        void documentUrlIsWhatClientsSend() {
            assertThat(host.documentUrl(new CallbackId(ID), REDIRECT))
                    .isEqualTo(ClientMetadataUrls.callbackScoped(PUBLIC_BASE, new CallbackId(ID), REDIRECT));
        }
    }

    @Nested
    class RefusesRedirectUris {
        static final String NOT_LOOPBACK = "redirect_uri must be on a loopback host (127.0.0.1, [::1] or localhost) (RFC 8252 §7.3)";

        @Test
        void anotherHostIsAnOpenRedirectAndIsRefused() throws Exception {
            assertRefusal(getDocument("https://attacker.example/callback/" + ID), 400, "invalid_redirect_uri", NOT_LOOPBACK);
        }

        @Test
        void hostsThatOnlyLookLikeLoopbackAreRefused() throws Exception {
            for (String redirect : List.of("http://127.0.0.1.attacker.example/callback/" + ID,
                    "http://localhost.attacker.example/callback/" + ID, "http://127.0.0.2/callback/" + ID,
                    "http://127.0.0.1@attacker.example/callback/" + ID, "http://0.0.0.0/callback/" + ID,
                    "http://[::ffff:127.0.0.1]/callback/" + ID, "http://2130706433/callback/" + ID)) {
                assertThat(getDocument(redirect).json().get("error").textValue()).as(redirect).isEqualTo("invalid_redirect_uri");
            }
            assertRefusal(getDocument("http://127.0.0.1.attacker.example/callback/" + ID), 400, "invalid_redirect_uri",
                    NOT_LOOPBACK);
        }

        @Test
        void userinfoIsRefusedEvenOnLoopback() throws Exception {
            assertRefusal(getDocument("http://attacker.example@127.0.0.1/callback/" + ID), 400, "invalid_redirect_uri",
                    "redirect_uri must not contain userinfo");
        }

        @Test
        void aRedirectUriForAnotherCallbackIdIsRefused() throws Exception {
            assertRefusal(getDocument("http://127.0.0.1:4321/callback/DxFdsGK3wN0D"), 400, "invalid_redirect_uri",
                    "redirect_uri's last path segment `DxFdsGK3wN0D` is not the callback id `" + ID + "` of this document");
        }

        @Test
        void theCallbackIdMustBeTheLastSegmentNotJustSomewhere() throws Exception {
            assertRefusal(getDocument("http://127.0.0.1:4321/callback/" + ID + "/"), 400, "invalid_redirect_uri",
                    "redirect_uri's last path segment `` is not the callback id `" + ID + "` of this document");
            assertRefusal(getDocument("http://127.0.0.1:4321/" + ID + "/evil"), 400, "invalid_redirect_uri",
                    "redirect_uri's last path segment `evil` is not the callback id `" + ID + "` of this document");
        }

        @Test
        void dotSegmentsAreRefused() throws Exception {
            assertRefusal(getDocument("http://127.0.0.1:4321/callback/../" + ID), 400, "invalid_redirect_uri",
                    "redirect_uri must not contain . or .. path segments");
            assertRefusal(getDocument("http://127.0.0.1:4321/%2E%2e/" + ID), 400, "invalid_redirect_uri",
                    "redirect_uri must not contain . or .. path segments");
        }

        @Test
        void aFragmentIsRefused() throws Exception {
            assertRefusal(getDocument("http://127.0.0.1:4321/callback/" + ID + "#x"), 400, "invalid_redirect_uri",
                    "redirect_uri must not contain a fragment (RFC 6749 §3.1.2)");
        }

        @Test
        void otherSchemesAreRefused() throws Exception {
            for (String redirect : List.of("javascript:alert(1)//" + ID, "file:///tmp/" + ID, "com.example.app:/cb/" + ID,
                    "ftp://127.0.0.1/" + ID, "//127.0.0.1/callback/" + ID)) {
                assertRefusal(getDocument(redirect), 400, "invalid_redirect_uri",
                        "redirect_uri must be an absolute http URL on a loopback host");
            }
        }

        @Test
        void somethingThatIsNotAUriIsRefused() throws Exception {
            assertRefusal(getDocument("http://127.0.0.1:4321/call back/" + ID), 400, "invalid_redirect_uri",
                    "redirect_uri is not a valid URI");
        }

        @Test
        void aMissingRedirectUriIsRefused() throws Exception {
            assertRefusal(get("/mcp-oauth/" + ID + "/client.json"), 400, "invalid_request",
                    "the redirect_uri query parameter is missing");
            assertRefusal(get("/mcp-oauth/" + ID + "/client.json?redirect_uri="), 400, "invalid_request",
                    "redirect_uri is empty");
        }

        @Test
        void aRepeatedRedirectUriIsRefused() throws Exception {
            assertRefusal(get(target(PUBLIC_BASE, ID, REDIRECT) + "&redirect_uri=" + encode(REDIRECT)), 400,
                    "invalid_request", "redirect_uri must appear once (RFC 6749 §3.1)");
        }

        @Test
        void anyOtherParameterIsRefusedBecauseNoClientIdCouldMatchTheUrl() throws Exception {
            assertRefusal(get(target(PUBLIC_BASE, ID, REDIRECT) + "&client_name=Evil"), 400, "invalid_request",
                    "only the redirect_uri query parameter is allowed, not `client_name`");
        }

        @Test
        void badPercentEncodingIsRefused() throws Exception {
            TestHttp.Response response = TestHttp.raw(host.port(), "GET", "/mcp-oauth/" + ID + "/client.json?redirect_uri=%zz",
                    "localhost");

            assertThat(response.status()).isEqualTo(400);
        }
    }

    @Nested
    class AllowList {
        ClientMetadataHost allowing;

        @BeforeEach
        void start() {
            allowing = ClientMetadataHost.builder(PUBLIC_BASE)
                    .allowRedirect("https://devbox.example.com/oauth/callback")
                    .allowRedirect("https://fixed.example.com/cb")
                    .build().start();
        }

        @AfterEach
        void close() {
            allowing.close();
        }

        TestHttp.Response getFrom(String redirect) throws Exception {
            return TestHttp.get("http://127.0.0.1:" + allowing.port() + target(PUBLIC_BASE, ID, redirect));
        }

        @Test
        void anEntryWithTheCallbackIdAppendedIsServedAsAWebClient() throws Exception {
            TestHttp.Response response = getFrom("https://devbox.example.com/oauth/callback/" + ID);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("redirect_uris").get(0).textValue())
                    .isEqualTo("https://devbox.example.com/oauth/callback/" + ID);
            assertThat(response.json().get("application_type").textValue()).isEqualTo("web");
        }

        @Test
        void anEntryItselfIsServed() throws Exception {
            assertThat(getFrom("https://fixed.example.com/cb").status()).isEqualTo(200);
        }

        @Test
        void anythingElseOnAnAllowedHostIsRefused() throws Exception {
            assertRefusal(getFrom("https://devbox.example.com/oauth/other/" + ID), 400, "invalid_redirect_uri",
                    "redirect_uri must be on a loopback host (127.0.0.1, [::1] or localhost) or on this host's allow-list"
                            + " (RFC 8252 §7.3)");
            assertThat(getFrom("https://devbox.example.com/oauth/callback/DxFdsGK3wN0D").status()).isEqualTo(400);
        }

        @Test
        void loopbackRedirectUrisStillWork() throws Exception {
            assertThat(getFrom(REDIRECT).status()).isEqualTo(200);
        }

        @Test
        void aBadEntryIsRefusedWhenConfigured() {
            assertThatThrownBy(() -> ClientMetadataHost.builder(PUBLIC_BASE).allowRedirect("https://x.example/cb#frag"))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.detail()).isEqualTo(
                                "invalid allowed redirect URI `https://x.example/cb#frag`: a fragment is not allowed (RFC 6749 §3.1.2)");
                    });
            assertThatThrownBy(() -> ClientMetadataHost.builder(PUBLIC_BASE).allowRedirect("myapp:/cb"))
                    .hasMessageStartingWith("invalid allowed redirect URI `myapp:/cb`: use an absolute http(s) URL with a host");
        }
    }

    @Nested
    class PathsAndMethods {
        @Test
        void pathsOutsideTheDocumentShapeAreNotFound() throws Exception {
            String notFound = "no client metadata document here; documents are at /mcp-oauth/{callbackId}/client.json?redirect_uri=...";
            for (String path : List.of("/", "/mcp-oauth", "/mcp-oauth/", "/mcp-oauth/client.json", "/other/" + ID + "/client.json",
                    "/mcp-oauth/" + ID + "/client.json/x", "/mcp-oauth/" + ID + "/other.json", "/mcp-oauth-x/" + ID + "/client.json")) {
                assertRefusal(get(path + "?redirect_uri=" + encode(REDIRECT)), 404, "not_found", notFound);
            }
        }

        @Test
        void aSegmentThatIsNotACallbackIdIsNotFound() throws Exception {
            assertRefusal(get("/mcp-oauth/a%2Fb/client.json?redirect_uri=x"), 404, "not_found",
                    "no client metadata document here: `a%2Fb` is not a callback id (up to 64 characters of A-Z, a-z, 0-9, - and _)");
            assertThat(get("/mcp-oauth/x/y/client.json?redirect_uri=x").status()).isEqualTo(404);
        }

        @Test
        void headIsNotAllowedAndHasNoBody() throws Exception {
            TestHttp.Response response = TestHttp.send(HttpClient.newHttpClient(), "HEAD",
                    "http://127.0.0.1:" + host.port() + target(PUBLIC_BASE, ID, REDIRECT));

            assertThat(response.status()).isEqualTo(405);
            assertThat(response.header("allow")).isEqualTo("GET");
            assertThat(response.body()).isEmpty();
        }

        @Test
        void postPutAndDeleteAreNotAllowed() throws Exception {
            for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS")) {
                TestHttp.Response response = TestHttp.send(HttpClient.newHttpClient(), method,
                        "http://127.0.0.1:" + host.port() + target(PUBLIC_BASE, ID, REDIRECT));

                assertRefusal(response, 405, "method_not_allowed", "method " + method + " is not allowed; use GET");
                assertThat(response.header("allow")).isEqualTo("GET");
            }
        }

        @Test
        void nothingIsEverRedirected() throws Exception {
            for (String path : List.of("/mcp-oauth", "/mcp-oauth/" + ID + "/client.json/", "//mcp-oauth/" + ID + "/client.json")) {
                assertThat(get(path + "?redirect_uri=" + encode(REDIRECT)).status()).as(path).isEqualTo(404);
            }
        }
    }

    @Nested
    class RefusesOversizedInput {
        @Test
        void aRedirectUriOfAtMost1024CharactersIsServed() throws Exception {
            String redirect = "http://127.0.0.1:4321/" + "a".repeat(1024 - 35) + "/" + ID;
            assertThat(redirect).hasSize(1024);

            assertThat(getDocument(redirect).status()).isEqualTo(200);
        }

        @Test
        void aLongerRedirectUriIsRefused() throws Exception {
            String redirect = "http://127.0.0.1:4321/" + "a".repeat(1025 - 35) + "/" + ID;

            assertRefusal(getDocument(redirect), 400, "invalid_request", "redirect_uri is longer than 1024 characters");
        }

        @Test
        void aQueryLongerThanThreeTimesThatIsRefusedUnread() throws Exception {
            String query = "redirect_uri=" + "%41".repeat(1030);

            assertThat(query.length()).isGreaterThan(DocumentRequest.MAX_QUERY_CHARS);
            assertRefusal(get("/mcp-oauth/" + ID + "/client.json?" + query), 400, "invalid_request",
                    "the query is longer than 3088 characters");
        }

        @Test
        void aPathLongerThan512CharactersIsRefused() throws Exception {
            assertRefusal(get("/mcp-oauth/" + "b".repeat(520) + "/client.json?redirect_uri=x"), 400, "invalid_request",
                    "the request path is longer than 512 characters");
        }

        @Test
        void aTooLongCallbackIdIsNotFound() throws Exception {
            assertThat(get("/mcp-oauth/" + "b".repeat(65) + "/client.json?redirect_uri=x").status()).isEqualTo(404);
        }
    }

    @Nested
    class Tls {
        @Test
        void servesHttpsWithTheConfiguredKeystore() throws Exception {
            TestCertificates certs = TestCertificates.shared();
            try (ClientMetadataHost https = ClientMetadataHost.builder(PUBLIC_BASE)
                    .tls(certs.serverKeystore(), certs.password()).build().start()) {
                TestHttp.Response response = TestHttp.get(certs.clientContext(),
                        "https://localhost:" + https.port() + target(PUBLIC_BASE, ID, REDIRECT));

                assertThat(https.tls()).isTrue();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.json().get("client_id").textValue())
                        .isEqualTo(ClientMetadataUrls.callbackScoped(PUBLIC_BASE, new CallbackId(ID), REDIRECT));
            }
        }

        @Test
        void aClientThatDoesNotTrustTheCertificateIsNotServed() throws Exception {
            TestCertificates certs = TestCertificates.shared();
            try (ClientMetadataHost https = ClientMetadataHost.builder(PUBLIC_BASE)
                    .tls(certs.serverKeystore(), certs.password()).build().start()) {
                assertThatThrownBy(() -> TestHttp.get("https://localhost:" + https.port() + target(PUBLIC_BASE, ID, REDIRECT)))
                        .isInstanceOf(SSLHandshakeException.class);
            }
        }

        @Test
        void aWrongPasswordFailsAtStartWithOneClearLine() throws Exception {
            TestCertificates certs = TestCertificates.shared();
            ClientMetadataHost wrong = ClientMetadataHost.builder(PUBLIC_BASE)
                    .tls(certs.serverKeystore(), "not-it".toCharArray()).build();

            assertThatThrownBy(wrong::start).isInstanceOfSatisfying(McpOAuthException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                assertThat(e.getMessage()).isEqualTo("cannot use the TLS keystore `" + certs.serverKeystore()
                        + "`: the password is wrong. Check the keystore path and its password.");
            });
        }

        @Test
        void aMissingOrBogusKeystoreFailsAtStart(@TempDir Path dir) throws Exception {
            Path missing = dir.resolve("missing.p12");
            Path bogus = Files.writeString(dir.resolve("bogus.p12"), "not a keystore");

            assertThatThrownBy(() -> ClientMetadataHost.builder(PUBLIC_BASE).tls(missing, new char[0]).build().start())
                    .hasMessage("cannot use the TLS keystore `" + missing + "`: no such file. Check the keystore path and its password.");
            assertThatThrownBy(() -> ClientMetadataHost.builder(PUBLIC_BASE).tls(bogus, new char[0]).build().start())
                    .isInstanceOf(McpOAuthException.class)
                    .hasMessageStartingWith("cannot use the TLS keystore `" + bogus + "`: it is not a");
        }
    }

    @Nested
    class FixedDocumentMode {
        static final String FIXED_ID = "https://apps.example.com/mcp-oauth/client.json";

        Path write(Path dir, String json) throws IOException {
            return Files.writeString(dir.resolve("client.json"), json);
        }

        @Test
        void servesTheFileUnchangedAtItsClientIdPathOnly(@TempDir Path dir) throws Exception {
            String json = "{\n  \"client_id\": \"" + FIXED_ID + "\",\n  \"client_name\": \"Fixed\",\n"
                    + "  \"redirect_uris\": [\"http://127.0.0.1:3000/callback\"],\n  \"token_endpoint_auth_method\": \"none\"\n}\n";
            try (ClientMetadataHost fixed = ClientMetadataHost.builder(PUBLIC_BASE).fixedDocument(write(dir, json)).build().start()) {
                String origin = "http://127.0.0.1:" + fixed.port();
                TestHttp.Response response = TestHttp.get(origin + "/mcp-oauth/client.json");

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo(json);
                assertThat(response.header("cache-control")).isEqualTo("public, max-age=3600");
                assertRefusal(TestHttp.get(origin + target(PUBLIC_BASE, ID, REDIRECT)), 404, "not_found",
                        "no client metadata document here; this host serves " + FIXED_ID);
                assertRefusal(TestHttp.get(origin + "/mcp-oauth/client.json?x=1"), 400, "invalid_request",
                        "this document's URL has no query; its client_id is " + FIXED_ID);
            }
        }

        @Test
        void aClientIdOutsideThePublicBaseIsRefusedAtStart(@TempDir Path dir) throws Exception {
            Path file = write(dir, "{\"client_id\":\"https://other.example/client.json\",\"redirect_uris\":[\"http://127.0.0.1/cb\"]}");

            assertThatThrownBy(() -> ClientMetadataHost.builder(PUBLIC_BASE).fixedDocument(file).build().start())
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.detail()).isEqualTo(
                            "invalid fixed client metadata document `" + file + "`: its client_id `https://other.example/client.json`"
                                    + " is not under the public base `https://apps.example.com/mcp-oauth/`, where authorization"
                                    + " servers reach this host"));
        }

        @Test
        void aClientIdWithoutPathIsRefusedAtStartSinceAuthorizationServersMayNotCheck(@TempDir Path dir) throws Exception {
            Path file = write(dir, "{\"client_id\":\"https://apps.example.com\",\"redirect_uris\":[\"http://127.0.0.1/cb\"]}");

            assertThatThrownBy(() -> ClientMetadataHost.builder("https://apps.example.com").fixedDocument(file).build().start())
                    .hasMessageStartingWith("invalid fixed client metadata document `" + file
                            + "`: invalid client metadata URL `https://apps.example.com`: it must have a path");
        }

        @Test
        void secretsAndSharedSecretMethodsAreRefusedAtStart(@TempDir Path dir) throws Exception {
            Path secret = write(dir, "{\"client_id\":\"" + FIXED_ID + "\",\"redirect_uris\":[\"http://127.0.0.1/cb\"],\"client_secret\":\"s\"}");
            assertThatThrownBy(() -> ClientMetadataHost.builder(PUBLIC_BASE).fixedDocument(secret).build().start())
                    .hasMessageContaining("it must not contain client_secret: a metadata document is public");

            Path basic = write(dir, "{\"client_id\":\"" + FIXED_ID + "\",\"redirect_uris\":[\"http://127.0.0.1/cb\"],"
                    + "\"token_endpoint_auth_method\":\"client_secret_basic\"}");
            assertThatThrownBy(() -> ClientMetadataHost.builder(PUBLIC_BASE).fixedDocument(basic).build().start())
                    .hasMessageContaining("token_endpoint_auth_method `client_secret_basic` uses a shared secret");
        }

        @Test
        void brokenFilesAreRefusedAtStart(@TempDir Path dir) throws Exception {
            Path notJson = write(dir, "{nope");
            assertThatThrownBy(() -> ClientMetadataHost.builder(PUBLIC_BASE).fixedDocument(notJson).build().start())
                    .hasMessageStartingWith("invalid fixed client metadata document `" + notJson + "`: its content is not valid JSON");

            Path noRedirects = write(dir, "{\"client_id\":\"" + FIXED_ID + "\",\"redirect_uris\":[]}");
            assertThatThrownBy(() -> ClientMetadataHost.builder(PUBLIC_BASE).fixedDocument(noRedirects).build().start())
                    .hasMessageStartingWith("invalid fixed client metadata document `" + noRedirects
                            + "`: redirect_uris must be a non-empty array");

            Path withQuery = write(dir, "{\"client_id\":\"" + FIXED_ID + "?v=1\",\"redirect_uris\":[\"http://127.0.0.1/cb\"]}");
            assertThatThrownBy(() -> ClientMetadataHost.builder(PUBLIC_BASE).fixedDocument(withQuery).build().start())
                    .hasMessageContaining("has a query; a fixed document is served at one path");

            Path huge = Files.write(dir.resolve("huge.json"), new byte[FixedDocument.MAX_BYTES + 1]);
            assertThatThrownBy(() -> ClientMetadataHost.builder(PUBLIC_BASE).fixedDocument(huge).build().start())
                    .hasMessageStartingWith("invalid fixed client metadata document `" + huge + "`: it is larger than 65536 bytes");

            Path missing = dir.resolve("missing.json");
            assertThatThrownBy(() -> ClientMetadataHost.builder(PUBLIC_BASE).fixedDocument(missing).build().start())
                    .hasMessageStartingWith("invalid fixed client metadata document `" + missing + "`: no such file");
        }
    }

    @Nested
    class Configuration {
        @Test
        void thePublicBaseFollowsTheClientsRules() {
            assertThatThrownBy(() -> ClientMetadataHost.builder("https://apps.example.com/oauth/?x=1"))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.detail()).isEqualTo(
                                "invalid MCP OAuth client metadata URL base `https://apps.example.com/oauth/?x=1`: query is not allowed");
                    });
            assertThatThrownBy(() -> ClientMetadataHost.builder("http://apps.example.com/oauth/"))
                    .hasMessageContaining("it must use https (plain http only for a loopback host)");
            assertThatThrownBy(() -> ClientMetadataHost.builder("https://user@apps.example.com/oauth/"))
                    .hasMessageContaining("userinfo is not allowed");
        }

        @Test
        void aClientNameMustBeOneShortLine() {
            assertThatThrownBy(() -> ClientMetadataHost.builder(PUBLIC_BASE).clientName("two\nlines"))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.detail())
                            .isEqualTo("invalid client name `two\nlines`: use 1 to 200 characters on one line"));
            assertThatThrownBy(() -> ClientMetadataHost.builder(PUBLIC_BASE).clientName(" "))
                    .isInstanceOf(McpOAuthException.class);
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void theRequestListenerHearsServedAndRefusedRequests() throws Exception {
            getDocument(REDIRECT);
            getDocument("https://attacker.example/callback/" + ID);

            // The listener hears a request once it has been answered: the client may be a moment ahead of it.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (served.size() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(served).hasSize(2);
            assertThat(served.get(0).served()).isTrue();
            assertThat(served.get(0).clientId()).isEqualTo(ClientMetadataUrls.callbackScoped(PUBLIC_BASE, new CallbackId(ID), REDIRECT));
            assertThat(served.get(0).toLogLine()).isEqualTo("200 GET " + target(PUBLIC_BASE, ID, REDIRECT));
            assertThat(served.get(1).served()).isFalse();
            assertThat(served.get(1).toLogLine()).endsWith(" -> invalid_redirect_uri: " + RefusesRedirectUris.NOT_LOOPBACK);
        }

        @Test
        void closeFreesThePortAndTheHostCannotBeRestarted() throws Exception {
            int port = host.port();
            host.close();

            try (ServerSocket again = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                assertThat(again.getLocalPort()).isEqualTo(port);
            }
            assertThatThrownBy(host::start).isInstanceOf(IllegalStateException.class).hasMessage("closed");
            assertThatThrownBy(host::port).isInstanceOf(IllegalStateException.class).hasMessage("not started");
        }

        @Test
        void aPortInUseIsReportedAsBadInput() {
            ClientMetadataHost second = ClientMetadataHost.builder(PUBLIC_BASE)
                    .listen(new ListenAddress("127.0.0.1", host.port())).build();

            assertThatThrownBy(second::start).isInstanceOfSatisfying(McpOAuthException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                assertThat(e.detail()).startsWith("cannot listen on 127.0.0.1:" + host.port() + " (");
                assertThat(e.hint()).isEqualTo("Choose another listen address or port, or stop what is using it.");
            });
        }

        @Test
        void startingTwiceIsAProgrammingError() {
            assertThatThrownBy(host::start).isInstanceOf(IllegalStateException.class).hasMessage("already started");
        }

        @Test
        void itListensOnLoopbackByDefault() {
            assertThat(host.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(host.toString()).isEqualTo("ClientMetadataHost[https://apps.example.com/mcp-oauth/ on 127.0.0.1:0 http]");
        }
    }
}

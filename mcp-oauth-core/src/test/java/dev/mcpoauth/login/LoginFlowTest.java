package dev.mcpoauth.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.authorize.CallbackId;
import dev.mcpoauth.internal.Urls;
import dev.mcpoauth.registration.DynamicallyRegistered;
import dev.mcpoauth.registration.MetadataDocument;
import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.registration.RegistrationMode;
import dev.mcpoauth.store.FileCredentialStore;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.testkit.HeadlessBrowser;
import dev.mcpoauth.testkit.IssMode;
import dev.mcpoauth.testkit.LegacyMode;
import dev.mcpoauth.testkit.PrmLocation;
import dev.mcpoauth.testkit.RecordedRequest;
import dev.mcpoauth.testkit.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Complete logins against the testkit's independent MCP and authorization servers. */
class LoginFlowTest {
    private final InMemoryCredentialStore store = new InMemoryCredentialStore();
    private final LoginFlow flow = LoginFlow.builder().credentialStore(store).build();
    private final List<TestServers> started = new ArrayList<>();

    @AfterEach
    void stopServers() {
        started.forEach(TestServers::close);
    }

    private TestServers servers(Consumer<dev.mcpoauth.testkit.TestServersBuilder> config) {
        dev.mcpoauth.testkit.TestServersBuilder builder = TestServers.builder();
        config.accept(builder);
        TestServers servers = builder.build().start();
        started.add(servers);
        return servers;
    }

    private static LoginRequest.Builder request(TestServers servers) {
        return LoginRequest.builder("docs", servers.mcpUrl()).timeout(Duration.ofSeconds(20));
    }

    /** Starts a login, approves it as a browser would, and waits for the result. */
    private LoginResult loginApproved(LoginRequest request) {
        try (PendingLogin login = flow.start(request)) {
            HeadlessBrowser.Visit visit = HeadlessBrowser.follow(login.authorizationUrl());
            assertThat(visit.finalUrl().toString()).startsWith(login.redirectUri().toString());
            return login.result().orTimeout(20, TimeUnit.SECONDS).join();
        }
    }

    /** Starts a login, lets the browser go through, and returns the failure. */
    private McpOAuthException loginFailure(LoginRequest request) {
        try (PendingLogin login = flow.start(request)) {
            HeadlessBrowser.follow(login.authorizationUrl());
            return failureOf(login);
        }
    }

    private static McpOAuthException failureOf(PendingLogin login) {
        try {
            login.result().orTimeout(20, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(McpOAuthException.class);
            return (McpOAuthException) e.getCause();
        }
        throw new AssertionError("the login succeeded");
    }

    private static Map<String, String> query(URI uri) {
        return Urls.parseQuery(uri.getRawQuery(), new ArrayList<>());
    }

    private static Map<String, String> form(String body) {
        return Urls.parseQuery(body, new ArrayList<>());
    }

    private static List<RecordedRequest> requestsTo(TestServers servers, String method, String path) {
        return servers.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    @Nested
    class WithAClientMetadataUrlBase {
        @Test
        void usesTheCallbackScopedUrlAsClientIdAndSendsNoRegistration() {
            TestServers servers = servers(b -> b.cimd(true).dcr(true));
            String base = servers.clientMetadataBase();
            LoginResult result;
            String clientId;
            try (PendingLogin login = flow.start(request(servers).clientMetadataUrlBase(base + "/").build())) {
                clientId = query(login.authorizationUrl()).get("client_id");
                String callbackId = CallbackId.of(servers.mcpUrl().toString()).value();
                URI clientIdUrl = URI.create(clientId);
                assertThat(clientIdUrl.getPath()).isEqualTo(URI.create(base).getPath() + "/" + callbackId + "/client.json");
                assertThat(query(clientIdUrl)).containsEntry("redirect_uri", login.redirectUri().toString());
                assertThat(URI.create(login.redirectUri().toString()).getPath()).isEqualTo("/callback/" + callbackId);
                HeadlessBrowser.follow(login.authorizationUrl());
                result = login.result().orTimeout(20, TimeUnit.SECONDS).join();
            }
            assertThat(result.clientId()).isEqualTo(clientId);
            assertThat(result.credentials().client()).isInstanceOf(MetadataDocument.class);
            assertThat(servers.count("POST", "/register")).isZero();
            assertThat(servers.registeredClients()).extracting(c -> c.clientId()).contains(clientId);
        }

        @Test
        void fallsBackToRegistrationWhenTheServerDoesNotSupportMetadataDocuments() {
            TestServers servers = servers(b -> b.cimd(false).dcr(true));
            LoginResult result = loginApproved(request(servers).clientMetadataUrlBase("https://meta.example.test/oauth").build());
            assertThat(result.credentials().client()).isInstanceOf(DynamicallyRegistered.class);
            assertThat(servers.count("POST", "/register")).isEqualTo(1);
        }

        @Test
        void rejectsABaseWithAQueryBeforeAnyRequest() {
            TestServers servers = servers(b -> { });
            assertThatThrownBy(() -> flow.start(request(servers)
                    .clientMetadataUrlBase("https://chatgpt.com/codex/local-mcp/oauth?variant=one").build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.detail()).isEqualTo("invalid MCP OAuth client metadata URL base "
                                + "`https://chatgpt.com/codex/local-mcp/oauth?variant=one`: query is not allowed");
                    });
            assertThat(servers.requests()).isEmpty();
            assertThat(store.list()).isEmpty();
        }

        @Test
        void rejectsABaseWithAFragmentBeforeAnyRequest() {
            TestServers servers = servers(b -> { });
            assertThatThrownBy(() -> flow.start(request(servers)
                    .clientMetadataUrlBase("https://chatgpt.com/codex/local-mcp/oauth#fragment").build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.detail()).endsWith("fragment is not allowed");
                    });
            assertThat(servers.requests()).isEmpty();
        }
    }

    @Nested
    class WithoutAClientMetadataUrlBase {
        @Test
        void registersExactlyOnceAndLogsIn() {
            TestServers servers = servers(b -> b.cimd(true).dcr(true));
            LoginResult result = loginApproved(request(servers).build());
            assertThat(servers.count("POST", "/register")).isEqualTo(1);
            assertThat(result.credentials().client()).isInstanceOf(DynamicallyRegistered.class);
            assertThat(result.clientId()).isEqualTo(servers.registeredClients().get(0).clientId());
            assertThat(store.list()).hasSize(1);
        }

        @Test
        void registersAsANativeClientThatCanRefresh() {
            TestServers servers = servers(b -> { });
            loginApproved(request(servers).build());
            var registered = servers.registeredClients().get(0);
            assertThat(registered.applicationType()).isEqualTo("native");
            assertThat(registered.grantTypes()).contains("authorization_code", "refresh_token");
            assertThat(registered.tokenEndpointAuthMethod()).isNotBlank();
        }
    }

    @Nested
    class RegistrationModes {
        @Test
        void cimdModeFailsClearlyWhenUnsupported() {
            TestServers servers = servers(b -> b.cimd(false));
            assertThatThrownBy(() -> flow.start(request(servers).registrationMode(RegistrationMode.CIMD)
                    .clientMetadataUrlBase("https://meta.example.test/oauth").build()))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CIMD_UNSUPPORTED));
            assertThat(servers.count("POST", "/register")).isZero();
            assertThat(store.list()).isEmpty();
        }

        @Test
        void dcrModeNeverUsesAMetadataUrl() {
            TestServers servers = servers(b -> b.cimd(true));
            LoginResult result = loginApproved(request(servers).registrationMode(RegistrationMode.DCR)
                    .clientMetadataUrlBase(servers.clientMetadataBase()).build());
            assertThat(result.clientId()).doesNotStartWith("http");
            assertThat(servers.count("POST", "/register")).isEqualTo(1);
        }

        @Test
        void aPreRegisteredClientWinsOverEverythingElse() {
            TestServers servers = servers(b -> b.preRegisteredClient("pre-client", "pre-secret")
                    .tokenEndpointAuthMethods("client_secret_post"));
            LoginResult result = loginApproved(request(servers)
                    .clientMetadataUrlBase(servers.clientMetadataBase())
                    .preRegistered(new PreRegistered("pre-client", new Secret("pre-secret"), null, null, servers.issuer()))
                    .build());
            assertThat(result.clientId()).isEqualTo("pre-client");
            assertThat(servers.count("POST", "/register")).isZero();
            Map<String, String> token = form(requestsTo(servers, "POST", "/token").get(0).body());
            assertThat(token).containsEntry("client_id", "pre-client").containsEntry("client_secret", "pre-secret");
        }

        @Test
        void aPreRegisteredClientForAnotherIssuerIsNotUsed() {
            TestServers servers = servers(b -> b.preRegisteredClient("pre-client", "pre-secret"));
            LoginResult result = loginApproved(request(servers)
                    .preRegistered(new PreRegistered("pre-client", new Secret("pre-secret"),
                            ClientAuthenticationMethod.CLIENT_SECRET_BASIC, null, "https://other-issuer.example.com"))
                    .build());
            assertThat(result.clientId()).isNotEqualTo("pre-client");
            assertThat(servers.count("POST", "/register")).isEqualTo(1);
        }

        @Test
        void noIdentityAtAllIsAClearError() {
            TestServers servers = servers(b -> b.cimd(false).dcr(false));
            assertThatThrownBy(() -> flow.start(request(servers).build()))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_CLIENT_IDENTITY));
        }
    }

    @Nested
    class TheAuthorizationAndTokenRequests {
        @Test
        void carryTheResourceOnAuthorizationTokenAndRefresh() {
            TestServers servers = servers(b -> { });
            try (PendingLogin login = flow.start(request(servers).build())) {
                assertThat(query(login.authorizationUrl()))
                        .containsEntry("resource", servers.mcpUrl().toString())
                        .containsEntry("code_challenge_method", "S256")
                        .containsKey("state");
                HeadlessBrowser.follow(login.authorizationUrl());
                login.result().orTimeout(20, TimeUnit.SECONDS).join();
            }
            Map<String, String> token = form(requestsTo(servers, "POST", "/token").get(0).body());
            assertThat(token).containsEntry("grant_type", "authorization_code")
                    .containsEntry("resource", servers.mcpUrl().toString())
                    .containsKey("code_verifier");
        }

        @Test
        void useTheChallengeScopeFirst() {
            TestServers servers = servers(b -> b.challengeScope("mcp:write").scopesSupported("mcp:read", "mcp:write"));
            LoginResult result = loginApproved(request(servers).build());
            assertThat(result.grantedScopes()).containsExactly("mcp:write");
        }

        @Test
        void useTheResourceScopesWithoutAChallengeScope() {
            TestServers servers = servers(b -> b.scopesSupported("mcp:read", "mcp:write"));
            LoginResult result = loginApproved(request(servers).build());
            assertThat(result.grantedScopes()).containsExactlyInAnyOrder("mcp:read", "mcp:write");
        }

        @Test
        void addOfflineAccessOnlyWhenTheServerListsIt() {
            TestServers servers = servers(b -> b.scopesSupported("mcp:read", "offline_access"));
            try (PendingLogin login = flow.start(request(servers).build())) {
                assertThat(query(login.authorizationUrl()).get("scope")).isEqualTo("mcp:read offline_access");
            }
            TestServers without = servers(b -> b.scopesSupported("mcp:read"));
            try (PendingLogin login = flow.start(request(without).scopes(List.of("mcp:read", "offline_access")).build())) {
                assertThat(query(login.authorizationUrl()).get("scope")).isEqualTo("mcp:read");
            }
        }

        @Test
        void preferExplicitScopes() {
            TestServers servers = servers(b -> b.challengeScope("mcp:write"));
            LoginResult result = loginApproved(request(servers).scopes(List.of("mcp:read")).build());
            assertThat(result.grantedScopes()).containsExactly("mcp:read");
        }
    }

    @Nested
    class SecurityRules {
        @Test
        void refuseAServerWithoutS256() {
            TestServers servers = servers(b -> b.pkceS256Advertised(false));
            assertThatThrownBy(() -> flow.start(request(servers).build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.PKCE_UNSUPPORTED);
                        assertThat(e.detail()).contains("does not list S256");
                    });
            assertThat(servers.count("POST", "/register")).isZero();
            assertThat(store.list()).isEmpty();
        }

        @Test
        void allowAMissingS256OnlyWhenExplicitlyOptedOut() {
            TestServers servers = servers(b -> b.pkceS256Advertised(false));
            LoginResult result = loginApproved(request(servers).allowMissingS256(true).build());
            assertThat(result.credentials().tokens().accessToken()).isNotBlank();
        }

        @Test
        void stopBeforeTheAuthorizationServerOnAResourceMismatch() {
            TestServers servers = servers(b -> b.prmResourceOverride("https://another-server.example.com/mcp"));
            assertThatThrownBy(() -> flow.start(request(servers).build()))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_MISMATCH));
            assertThat(servers.requests()).noneMatch(r -> r.server().equals("as"));
            assertThat(store.list()).isEmpty();
        }

        @Test
        void refuseMetadataWhoseIssuerDoesNotEcho() {
            TestServers servers = servers(b -> b.metadataIssuerOverride("https://evil.example.com"));
            assertThatThrownBy(() -> flow.start(request(servers).build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ISSUER_MISMATCH);
                        assertThat(e.detail()).contains("RFC 8414 §3.3");
                    });
            assertThat(servers.count("POST", "/register")).isZero();
        }

        @Test
        void refuseACallbackWithTheWrongIss() {
            TestServers servers = servers(b -> b.issParameter(IssMode.WRONG));
            McpOAuthException e = loginFailure(request(servers).build());
            assertThat(e.code()).isEqualTo(ErrorCode.ISSUER_MISMATCH_CALLBACK);
            assertThat(requestsTo(servers, "POST", "/token")).isEmpty();
            assertThat(store.list()).isEmpty();
        }

        @Test
        void refuseACallbackWithoutIssWhenTheServerAdvertisesIt() {
            TestServers servers = servers(b -> b.issParameter(IssMode.OMIT));
            McpOAuthException e = loginFailure(request(servers).build());
            assertThat(e.code()).isEqualTo(ErrorCode.ISSUER_MISMATCH_CALLBACK);
            assertThat(e.detail()).contains("has none");
            assertThat(store.list()).isEmpty();
        }

        @Test
        void acceptACallbackWithoutIssWhenTheServerDoesNotAdvertiseIt() {
            TestServers servers = servers(b -> b.issParameter(IssMode.NOT_ADVERTISED));
            assertThat(loginApproved(request(servers).build()).grantedScopes()).isNotNull();
        }

        @Test
        void reportAnAuthorizationErrorAndStoreNothing() {
            TestServers servers = servers(b -> b.authorizeError("access_denied"));
            try (PendingLogin login = flow.start(request(servers).build())) {
                HeadlessBrowser.Visit visit = HeadlessBrowser.follow(login.authorizationUrl());
                assertThat(visit.status()).isEqualTo(400);
                assertThat(visit.body()).contains("Login to docs failed").contains("access_denied");
                McpOAuthException e = failureOf(login);
                assertThat(e.code()).isEqualTo(ErrorCode.AUTHORIZATION_DENIED);
                assertThat(e.detail()).startsWith("the authorization server answered `access_denied`");
            }
            assertThat(store.list()).isEmpty();
        }
    }

    @Nested
    class TheCallbackListener {
        private final HttpClient http = HttpClient.newHttpClient();

        private int get(URI uri) throws Exception {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        @Test
        void ignoresForeignCallbacksAndStillCompletesWithTheRealOne() throws Exception {
            TestServers servers = servers(b -> { });
            try (PendingLogin login = flow.start(request(servers).build())) {
                for (int i = 0; i < 20; i++) {
                    assertThat(get(URI.create(login.redirectUri() + "?code=forged&state=bogus" + i))).isEqualTo(400);
                    assertThat(get(login.redirectUri().resolve("/other"))).isEqualTo(404);
                }
                assertThat(login.result()).isNotDone();
                HeadlessBrowser.follow(login.authorizationUrl());
                assertThat(login.result().orTimeout(20, TimeUnit.SECONDS).join().credentials()).isNotNull();
            }
        }

        @Test
        void reportsAStateMismatchWhenOnlyForeignCallbacksArrived() throws Exception {
            TestServers servers = servers(b -> { });
            try (PendingLogin login = flow.start(request(servers).timeout(Duration.ofSeconds(1)).build())) {
                get(URI.create(login.redirectUri() + "?code=forged&state=bogus"));
                McpOAuthException e = failureOf(login);
                assertThat(e.code()).isEqualTo(ErrorCode.STATE_MISMATCH);
                assertThat(e.detail()).contains("1 callback(s) arrived with a state that does not belong to it");
            }
            assertThat(store.list()).isEmpty();
        }

        @Test
        void timesOutWithAClearError() {
            TestServers servers = servers(b -> { });
            try (PendingLogin login = flow.start(request(servers).timeout(Duration.ofSeconds(1)).build())) {
                McpOAuthException e = failureOf(login);
                assertThat(e.code()).isEqualTo(ErrorCode.CALLBACK_TIMEOUT);
                assertThat(e.getMessage()).isEqualTo("no authorization arrived for 'docs' within 1 s. "
                        + "Start the login again and complete it in the browser before it times out.");
            }
        }

        @Test
        void acceptsTheRedirectUrlPastedByTheUser() {
            TestServers servers = servers(b -> { });
            try (PendingLogin login = flow.start(request(servers).build())) {
                // The browser of another machine: follow to the authorization server's redirect only.
                URI authorizationUrl = login.authorizationUrl();
                HttpResponse<Void> redirect;
                try {
                    redirect = http.send(HttpRequest.newBuilder(authorizationUrl).build(), HttpResponse.BodyHandlers.discarding());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                URI pasted = URI.create(redirect.headers().firstValue("location").orElseThrow());
                LoginResult result = login.completeWithRedirectUrl(pasted).orTimeout(20, TimeUnit.SECONDS).join();
                assertThat(result.credentials().tokens().accessToken()).isNotBlank();
            }
        }
    }

    @Nested
    class OtherServerShapes {
        @Test
        void logsInWithAnIssuerPath() {
            TestServers servers = servers(b -> b.issuerPath("/tenant1"));
            assertThat(loginApproved(request(servers).build()).issuer()).endsWith("/tenant1");
        }

        @Test
        void logsInWithMetadataOnlyAtTheOpenIdLocation() {
            TestServers servers = servers(b -> b.issuerPath("/tenant1").oidcDiscoveryOnly(true));
            assertThat(loginApproved(request(servers).build()).issuer()).endsWith("/tenant1");
        }

        @Test
        void logsInWithPrmAtTheRootWellKnownOnly() {
            TestServers servers = servers(b -> b.prmLocation(PrmLocation.ROOT_WELL_KNOWN));
            assertThat(loginApproved(request(servers).build()).credentials()).isNotNull();
        }

        @Test
        void logsInToA20250326ServerWhoseOriginIsTheAuthorizationServer() {
            TestServers servers = servers(b -> b.legacyMode(LegacyMode.ORIGIN_METADATA));
            LoginResult result = loginApproved(request(servers).build());
            assertThat(result.issuer()).isEqualTo(servers.issuer());
        }

        @Test
        void logsInToA20250326ServerWithDefaultEndpoints() {
            TestServers servers = servers(b -> b.legacyMode(LegacyMode.DEFAULT_ENDPOINTS));
            assertThat(loginApproved(request(servers).build()).credentials()).isNotNull();
        }
    }

    @Nested
    class TheToken {
        @TempDir
        Path home;

        @Test
        void isSavedToTheFileStoreAndAcceptedByTheMcpServer() throws Exception {
            TestServers servers = servers(b -> { });
            LoginFlow fileFlow = LoginFlow.builder().credentialStore(FileCredentialStore.inHome(home)).build();
            LoginResult result;
            try (PendingLogin login = fileFlow.start(request(servers).build())) {
                HeadlessBrowser.follow(login.authorizationUrl());
                result = login.result().orTimeout(20, TimeUnit.SECONDS).join();
            }
            assertThat(Files.readString(home.resolve("credentials.json"))).contains("\"server_name\" : \"docs\"");
            String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}}";
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(servers.mcpUrl())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("Authorization", "Bearer " + result.credentials().tokens().accessToken())
                    .POST(HttpRequest.BodyPublishers.ofString(call)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("hi");
        }
    }
}

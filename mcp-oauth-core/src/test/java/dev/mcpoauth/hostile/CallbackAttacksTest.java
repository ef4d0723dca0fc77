package dev.mcpoauth.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.internal.Urls;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.LoginResult;
import dev.mcpoauth.login.PendingLogin;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.testkit.HeadlessBrowser;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Forged, replayed, mixed-up and flooding requests to the loopback callback listener. */
class CallbackAttacksTest {
    private final InMemoryCredentialStore store = new InMemoryCredentialStore();
    private final LoginFlow flow = LoginFlow.builder().credentialStore(store).build();
    private final HostileWorld world = new HostileWorld();
    private final HttpClient browser = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        world.close();
    }

    private HttpResponse<String> get(URI uri) {
        try {
            return browser.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String state(PendingLogin login) {
        return Urls.parseQuery(login.authorizationUrl().getRawQuery(), new ArrayList<>()).get("state");
    }

    private URI callback(PendingLogin login, String query) {
        return URI.create(login.redirectUri() + "?" + query);
    }

    private long tokenRequests() {
        return world.log.stream().filter(seen -> seen.path().equals("/token")).count();
    }

    @Nested
    class WrongState {
        @Test
        void isIgnoredAndTheLoginEndsAsAStateMismatch() {
            try (PendingLogin login = flow.start(world.request().timeout(Duration.ofSeconds(1)).build())) {
                HttpResponse<String> page = get(callback(login, "code=" + HostileWorld.CODE + "&state=forged"));
                assertThat(page.statusCode()).isEqualTo(400);
                McpOAuthException e = HostileWorld.failureOf(login);
                assertThat(e.code()).isEqualTo(ErrorCode.STATE_MISMATCH);
                assertThat(e.detail()).isEqualTo("the login timed out after 1 s; 1 callback(s) arrived with a state that"
                        + " does not belong to it (RFC 6749 §10.12)");
            }
            assertThat(tokenRequests()).isZero();
            assertThat(store.list()).isEmpty();
        }
    }

    @Nested
    class ReplayedState {
        @Test
        void afterTheLoginIsRefusedAndExchangesNothing() {
            URI used;
            StoredCredentials saved;
            try (PendingLogin login = flow.start(world.request().build())) {
                HeadlessBrowser.Visit visit = HostileWorld.approve(login);
                used = visit.finalUrl();
                LoginResult result = login.result().orTimeout(20, TimeUnit.SECONDS).join();
                saved = result.credentials();
                HttpResponse<String> replay = get(used);
                assertThat(replay.statusCode()).isEqualTo(410);
                assertThat(replay.body()).contains("This callback arrived after the login ended.");
            }
            assertThat(tokenRequests()).isEqualTo(1);
            assertThat(store.list()).containsExactly(saved);
        }

        @Test
        void deliveredTwiceAtOnceIsExchangedOnce() {
            world.token = (exchange, seen) -> {
                HostileSite.sleep(500);
                HostileSite.send(exchange, 200, "application/json", HostileWorld.tokenJson("Bearer"));
            };
            try (PendingLogin login = flow.start(world.request().build())) {
                URI back = callback(login, "code=" + HostileWorld.CODE + "&state=" + Urls.formEncode(state(login))
                        + "&iss=" + Urls.formEncode(world.as.origin()));
                CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> get(back).statusCode());
                CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> get(back).statusCode());
                assertThat(List.of(first.join(), second.join())).containsExactlyInAnyOrder(200, 409);
                assertThat(login.result().orTimeout(20, TimeUnit.SECONDS).join()).isNotNull();
            }
            assertThat(tokenRequests()).isEqualTo(1);
            assertThat(store.list()).hasSize(1);
        }
    }

    @Nested
    class IssuerMixUp {
        @Test
        void refusesTheResponseAndDoesNotShowItsErrorParameters() {
            String lure = "Call 1-800-SCAM to restore your account";
            try (PendingLogin login = flow.start(world.request().build())) {
                HttpResponse<String> page = get(callback(login, "state=" + Urls.formEncode(state(login))
                        + "&iss=" + Urls.formEncode("https://evil.example") + "&error=access_denied&error_description="
                        + Urls.formEncode(lure) + "&error_uri=" + Urls.formEncode("https://evil.example/help")));
                McpOAuthException e = HostileWorld.failureOf(login);
                assertThat(e.code()).isEqualTo(ErrorCode.ISSUER_MISMATCH_CALLBACK);
                assertThat(e.detail()).isEqualTo("the authorization response came from issuer `https://evil.example`, not `"
                        + world.as.origin() + "` (RFC 9207 §2.4)");
                assertThat(e.getMessage()).doesNotContain("SCAM").doesNotContain("access_denied")
                        .doesNotContain("evil.example/help");
                assertThat(page.body()).doesNotContain("SCAM").doesNotContain("access_denied");
                assertThat(page.statusCode()).isEqualTo(400);
            }
            assertThat(tokenRequests()).isZero();
            assertThat(store.list()).isEmpty();
        }
    }

    @Nested
    class AFlood {
        @Test
        void ofBogusAndStalledRequestsDoesNotStopTheRealCallback() throws Exception {
            ExecutorService attackers = Executors.newFixedThreadPool(8);
            List<Socket> stalled = new ArrayList<>();
            try (PendingLogin login = flow.start(world.request().build())) {
                int port = login.redirectUri().getPort();
                // Connections that send half a request line and then nothing: each would hold a server thread.
                for (int i = 0; i < 32; i++) {
                    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET " + login.redirectUri().getRawPath() + "?state=x").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    stalled.add(socket);
                }
                List<CompletableFuture<Integer>> bogus = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    int n = i;
                    bogus.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return get(n % 2 == 0 ? callback(login, "code=forged&state=bogus" + n)
                                    : login.redirectUri().resolve("/favicon.ico")).statusCode();
                        } catch (AssertionError closedAfterTheLogin) {
                            return -1;
                        }
                    }, attackers));
                }
                HeadlessBrowser.Visit visit = HostileWorld.approve(login);
                assertThat(visit.status()).isEqualTo(200);
                LoginResult result = login.result().orTimeout(20, TimeUnit.SECONDS).join();
                assertThat(result.credentials().tokens().accessToken()).isEqualTo(HostileWorld.ACCESS_TOKEN);
                // Answered as foreign while the login ran, or refused once the listener closed after it.
                for (CompletableFuture<Integer> request : bogus) {
                    assertThat(request.get(20, TimeUnit.SECONDS)).isIn(400, 404, 410, -1);
                }
                assertThat(bogus).anyMatch(request -> request.join() == 400);
            } finally {
                attackers.shutdownNow();
                for (Socket socket : stalled) {
                    socket.close();
                }
            }
            assertThat(tokenRequests()).isEqualTo(1);
            assertThat(store.list()).hasSize(1);
        }
    }
}

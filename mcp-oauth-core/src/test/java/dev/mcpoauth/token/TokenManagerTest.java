package dev.mcpoauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.internal.Urls;
import dev.mcpoauth.registration.DynamicallyRegistered;
import dev.mcpoauth.store.CredentialStore;
import dev.mcpoauth.store.FileCredentialStore;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenManagerTest {
    private static final String ISSUER = "http://127.0.0.1";
    private static final ServerKey KEY = new ServerKey("docs", "http://127.0.0.1:1/mcp");

    private HttpServer server;
    private final AtomicInteger refreshes = new AtomicInteger();
    private final List<Map<String, String>> bodies = new CopyOnWriteArrayList<>();
    private volatile String answer = "ok";
    private volatile CountDownLatch hold = new CountDownLatch(0);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/token", exchange -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            bodies.add(Urls.parseQuery(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    new ArrayList<>()));
            int n = refreshes.incrementAndGet();
            String body;
            int status;
            if (answer.equals("ok")) {
                status = 200;
                body = "{\"access_token\":\"at-" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"rt-" + n + "\"}";
            } else {
                status = answer.equals("invalid_grant") ? 400 : 500;
                body = "{\"error\":\"" + (answer.equals("invalid_grant") ? "invalid_grant" : "server_error") + "\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI tokenEndpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    private StoredCredentials stored(String access, String refresh, Instant expiresAt) {
        return new StoredCredentials(KEY, ISSUER, "http://127.0.0.1:1/mcp", tokenEndpoint(),
                new DynamicallyRegistered("client-1", null, com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod.NONE,
                        ISSUER, List.of("http://127.0.0.1:2/callback/x"), null),
                new Tokens(access, "Bearer", refresh, expiresAt, Set.of("mcp:read")), Instant.now());
    }

    private static Instant inOneHour() {
        return Instant.now().plusSeconds(3600);
    }

    private static Instant expiringSoon() {
        return Instant.now().plusSeconds(10);
    }

    @Test
    void handsOutAValidTokenWithoutAnyRequest() {
        InMemoryCredentialStore store = new InMemoryCredentialStore();
        store.save(stored("valid", "rt-0", inOneHour()));
        TokenManager manager = TokenManager.builder(store).build();
        assertThat(manager.accessToken(KEY)).isEqualTo("valid");
        assertThat(manager.accessToken(KEY)).isEqualTo("valid");
        assertThat(refreshes).hasValue(0);
    }

    @Test
    void refreshes30SecondsBeforeExpiryAndSavesBeforeHandingOut() {
        InMemoryCredentialStore store = new InMemoryCredentialStore();
        store.save(stored("old", "rt-0", expiringSoon()));
        TokenManager manager = TokenManager.builder(store).build();
        assertThat(manager.accessToken(KEY)).isEqualTo("at-1");
        assertThat(store.load(KEY).orElseThrow().tokens().accessToken()).isEqualTo("at-1");
        assertThat(store.load(KEY).orElseThrow().tokens().refreshToken()).isEqualTo("rt-1");
        assertThat(bodies.get(0)).containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", "rt-0")
                .containsEntry("resource", "http://127.0.0.1:1/mcp");
    }

    @Test
    void sendsOneRefreshForManyConcurrentCallers() throws Exception {
        InMemoryCredentialStore store = new InMemoryCredentialStore();
        store.save(stored("expired", "rt-0", Instant.now().minusSeconds(5)));
        TokenManager manager = TokenManager.builder(store).build();
        hold = new CountDownLatch(1);
        List<CompletableFuture<String>> callers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            callers.add(manager.accessTokenAsync(KEY));
        }
        hold.countDown();
        for (CompletableFuture<String> caller : callers) {
            assertThat(caller.get()).isEqualTo("at-1");
        }
        assertThat(refreshes).hasValue(1);
    }

    @Nested
    class AcrossProcesses {
        @TempDir
        Path home;

        @Test
        void usesTheTokenAnotherProcessAlreadyRefreshed() {
            FileCredentialStore.inHome(home).save(stored("old", "rt-0", expiringSoon()));
            TokenManager first = TokenManager.builder(FileCredentialStore.inHome(home)).build();
            TokenManager second = TokenManager.builder(FileCredentialStore.inHome(home)).build();
            assertThat(first.accessToken(KEY)).isEqualTo("at-1");
            assertThat(second.accessToken(KEY)).isEqualTo("at-1");
            assertThat(refreshes).hasValue(1);
        }
    }

    @Test
    void removesTheTokensAndAsksForALoginOnInvalidGrant() {
        InMemoryCredentialStore store = new InMemoryCredentialStore();
        store.save(stored("old", "rt-0", expiringSoon()));
        answer = "invalid_grant";
        TokenManager manager = TokenManager.builder(store).build();
        assertThatThrownBy(() -> manager.accessToken(KEY))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LOGIN_REQUIRED);
                    assertThat(e.getMessage()).isEqualTo("'docs' needs a new login: the authorization server rejected "
                            + "the refresh token (invalid_grant). Run `mcp-oauth login docs`.");
                });
        assertThat(store.load(KEY)).isEmpty();
    }

    @Test
    void keepsTheTokensWhenTheRefreshFailsForAnotherReason() {
        InMemoryCredentialStore store = new InMemoryCredentialStore();
        store.save(stored("old", "rt-0", expiringSoon()));
        answer = "server_error";
        TokenManager manager = TokenManager.builder(store).build();
        assertThatThrownBy(() -> manager.accessToken(KEY))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_REJECTED));
        assertThat(store.load(KEY).orElseThrow().tokens().refreshToken()).isEqualTo("rt-0");
    }

    @Test
    void asksForALoginWhenNoRefreshTokenIsStored() {
        InMemoryCredentialStore store = new InMemoryCredentialStore();
        store.save(stored("old", null, Instant.now().minusSeconds(1)));
        TokenManager manager = TokenManager.builder(store).build();
        assertThatThrownBy(() -> manager.accessToken(KEY))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOGIN_REQUIRED))
                .hasMessageContaining("no refresh token is stored");
        assertThat(refreshes).hasValue(0);
    }

    @Test
    void asksForALoginWhenNothingIsStored() {
        TokenManager manager = TokenManager.builder(new InMemoryCredentialStore()).build();
        assertThatThrownBy(() -> manager.accessToken(KEY))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOGIN_REQUIRED))
                .hasMessageContaining("Run `mcp-oauth login docs`");
    }

    @Test
    void failsClosedWhenTheRefreshedTokensCannotBeSaved() {
        InMemoryCredentialStore backing = new InMemoryCredentialStore();
        backing.save(stored("old", "rt-0", expiringSoon()));
        CredentialStore failing = new CredentialStore() {
            @Override
            public Optional<StoredCredentials> load(ServerKey key) {
                return backing.load(key);
            }

            @Override
            public void save(StoredCredentials credentials) {
                throw new McpOAuthException(ErrorCode.STORE_FAILED, "disk full");
            }

            @Override
            public boolean delete(ServerKey key) {
                return backing.delete(key);
            }

            @Override
            public List<StoredCredentials> list() {
                return backing.list();
            }

            @Override
            public Optional<StoredCredentials> update(ServerKey key, UnaryOperator<Optional<StoredCredentials>> change) {
                Optional<StoredCredentials> after = change.apply(backing.load(key));
                if (!after.equals(backing.load(key))) {
                    throw new McpOAuthException(ErrorCode.STORE_FAILED, "disk full");
                }
                return after;
            }
        };
        TokenManager manager = TokenManager.builder(failing).build();
        assertThatThrownBy(() -> manager.accessToken(KEY))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILED));
        assertThat(refreshes).hasValue(1);
    }

    @Nested
    class AfterA401 {
        @Test
        void refreshesWhenTheRejectedTokenIsStillTheCurrentOne() {
            InMemoryCredentialStore store = new InMemoryCredentialStore();
            store.save(stored("current", "rt-0", inOneHour()));
            TokenManager manager = TokenManager.builder(store).build();
            assertThat(manager.accessTokenAfterRejection(KEY, "current")).isEqualTo("at-1");
            assertThat(refreshes).hasValue(1);
        }

        @Test
        void doesNotRefreshAgainWhenTheTokenWasAlreadyReplaced() {
            InMemoryCredentialStore store = new InMemoryCredentialStore();
            store.save(stored("newer", "rt-0", inOneHour()));
            TokenManager manager = TokenManager.builder(store).build();
            assertThat(manager.accessTokenAfterRejection(KEY, "older")).isEqualTo("newer");
            assertThat(refreshes).hasValue(0);
        }
    }
}

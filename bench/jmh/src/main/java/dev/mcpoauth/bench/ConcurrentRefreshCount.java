package dev.mcpoauth.bench;

import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.login.PendingLogin;
import dev.mcpoauth.store.CredentialStore;
import dev.mcpoauth.store.FileCredentialStore;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.testkit.HeadlessBrowser;
import dev.mcpoauth.testkit.TestServers;
import dev.mcpoauth.token.TokenManager;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 1,000 threads ask one {@link TokenManager} for a token at the same moment, when the stored one has
 * expired, against the testkit's authorization server (single-use refresh tokens): prints how many
 * refresh requests reached the token endpoint. Target: 1. Run for the in-memory and the file store.
 *
 * <pre>{@code
 * java -cp bench/jmh/target/benchmarks.jar dev.mcpoauth.bench.ConcurrentRefreshCount 1000
 * }</pre>
 */
public final class ConcurrentRefreshCount {
    private ConcurrentRefreshCount() {
    }

    /** The system clock moved ahead: every token issued before {@link #advance} is then expired. */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    public static void main(String[] args) throws Exception {
        int callers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path home = Files.createTempDirectory("mcp-oauth-bench");
        try {
            run("in-memory store", new InMemoryCredentialStore(), callers);
            run("file store", FileCredentialStore.inHome(home), callers);
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(String label, CredentialStore store, int callers) throws Exception {
        try (TestServers servers = TestServers.builder().singleUseRefreshTokens(true).build().start()) {
            String tokenPath = URI.create(servers.issuer() + "/token").getPath();
            ServerKey key = login(servers, store);
            MovableClock clock = new MovableClock();
            TokenManager manager = TokenManager.builder(store).clock(clock).build();
            manager.accessToken(key); // cached, valid
            clock.advance(Duration.ofHours(2)); // now expired: the next callers must refresh
            servers.expireAccessTokens();
            int before = servers.count("POST", tokenPath);

            CountDownLatch ready = new CountDownLatch(callers);
            CountDownLatch go = new CountDownLatch(1);
            Set<String> handedOut = ConcurrentHashMap.newKeySet();
            AtomicInteger failures = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Thread t = new Thread(() -> {
                    ready.countDown();
                    try {
                        go.await();
                        handedOut.add(manager.accessToken(key));
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                });
                t.start();
                threads.add(t);
            }
            ready.await();
            long started = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            int refreshes = servers.count("POST", tokenPath) - before;
            System.out.printf("%s: %d concurrent callers on an expired token -> %d refresh request(s) "
                            + "(target 1), %d distinct token(s) handed out, %d failure(s), all served in %d ms%n",
                    label, callers, refreshes, handedOut.size(), failures.get(), millis);
        }
    }

    private static ServerKey login(TestServers servers, CredentialStore store) {
        LoginFlow flow = LoginFlow.builder().credentialStore(store).build();
        try (PendingLogin login = flow.start(LoginRequest.builder("docs", servers.mcpUrl()).timeout(Duration.ofSeconds(30)).build())) {
            HeadlessBrowser.follow(login.authorizationUrl());
            return login.result().orTimeout(30, TimeUnit.SECONDS).join().credentials().key();
        }
    }
}

package dev.mcpoauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.login.LoginResult;
import dev.mcpoauth.login.PendingLogin;
import dev.mcpoauth.store.ChildJvm;
import dev.mcpoauth.store.FileCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.testkit.HeadlessBrowser;
import dev.mcpoauth.testkit.IssuedToken;
import dev.mcpoauth.testkit.TestServers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several OS processes share one {@code credentials.json} and all need a token at the same moment,
 * round after round, against an authorization server that rotates single-use refresh tokens: one
 * refresh request per expiry, no lost update, and a file that parses at every moment.
 */
class CrossProcessRefreshTest {
    private static final int PROCESSES = 4;
    private static final int ROUNDS = 6;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path home;
    private TestServers servers;
    private final List<ChildJvm> workers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (ChildJvm worker : workers) {
            worker.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void sendsOneRefreshPerExpiryAcrossProcessesAndLosesNoRotatedToken() throws Exception {
        servers = TestServers.builder().singleUseRefreshTokens(true).build().start();
        String tokenPath = URI.create(servers.issuer() + "/token").getPath();
        ServerKey key = login();
        assertThat(servers.count("POST", tokenPath)).as("the code exchange").isEqualTo(1);

        for (int i = 0; i < PROCESSES; i++) {
            workers.add(ChildJvm.start(RefreshRaceWorker.class, home.toString(), key.name(), key.url()));
        }
        for (ChildJvm worker : workers) {
            worker.awaitLine("ready", WAIT);
        }

        Path file = home.resolve("credentials.json");
        List<String> unreadable = new CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (reading.get()) {
                try {
                    parse(file);
                    reads.incrementAndGet();
                } catch (Exception | AssertionError e) {
                    unreadable.add(e.toString());
                }
            }
        }, "credentials-reader");
        reader.start();
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                servers.expireAccessTokens(); // the server agrees: every token issued so far is dead
                for (ChildJvm worker : workers) {
                    worker.send("round " + round);
                }
                List<String> answers = new ArrayList<>();
                for (ChildJvm worker : workers) {
                    String answer = worker.awaitLine("", WAIT);
                    assertThat(answer).as("answer of a process in round " + round).startsWith("token ");
                    answers.add(answer.substring("token ".length()));
                }
                IssuedToken newest = last(servers.issuedTokens());
                assertThat(servers.count("POST", tokenPath)).as("token requests after round " + round).isEqualTo(1 + round);
                assertThat(answers).as("every process got the one refreshed token").containsOnly(newest.accessToken());
                ObjectNode entry = entry(parse(file), key);
                assertThat(entry.path("tokens").path("refresh_token").asText())
                        .as("the rotated refresh token was stored").isEqualTo(newest.refreshToken());
            }
        } finally {
            reading.set(false);
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(unreadable).as("reads of credentials.json that failed while processes wrote it").isEmpty();
        assertThat(reads).hasPositiveValue();

        // The last stored refresh token is the one the server issued last, and it still works.
        RefreshRaceWorker.SteppedClock clock = new RefreshRaceWorker.SteppedClock();
        clock.set(RefreshRaceWorker.ROUND.multipliedBy(ROUNDS + 1));
        TokenManager manager = TokenManager.builder(FileCredentialStore.inHome(home)).clock(clock).build();
        String finalToken = manager.accessToken(key);
        assertThat(finalToken).isEqualTo(last(servers.issuedTokens()).accessToken());
        assertThat(servers.count("POST", tokenPath)).isEqualTo(1 + ROUNDS + 1);
    }

    private ServerKey login() {
        LoginFlow flow = LoginFlow.builder().credentialStore(FileCredentialStore.inHome(home)).build();
        LoginResult result;
        try (PendingLogin login = flow.start(LoginRequest.builder("docs", servers.mcpUrl()).timeout(Duration.ofSeconds(30)).build())) {
            HeadlessBrowser.follow(login.authorizationUrl());
            result = login.result().orTimeout(30, TimeUnit.SECONDS).join();
        }
        return result.credentials().key();
    }

    private static IssuedToken last(List<IssuedToken> tokens) {
        return tokens.get(tokens.size() - 1);
    }

    /** Parses the file as the store would, and requires the format version and the servers object. */
    private static ObjectNode parse(Path file) throws Exception {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new AssertionError("credentials.json is missing");
        }
        ObjectNode root = Json.parseObject(bytes, "credentials.json");
        assertThat(root.path("version").asInt()).isEqualTo(FileCredentialStore.FORMAT_VERSION);
        assertThat(root.path("servers").isObject()).isTrue();
        return root;
    }

    private static ObjectNode entry(ObjectNode root, ServerKey key) {
        assertThat(root.path("servers").has(key.id())).as("entry for " + key).isTrue();
        return (ObjectNode) root.path("servers").get(key.id());
    }
}

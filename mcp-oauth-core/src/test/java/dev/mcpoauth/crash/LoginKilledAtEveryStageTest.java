package dev.mcpoauth.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.store.FileCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.testkit.HeadlessBrowser;
import dev.mcpoauth.testkit.TestServers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL a login at each stage: the credentials stored before stay exactly as they were (or, when
 * the kill lands in the store write itself, the file holds either the old credentials or the
 * complete new ones), and the callback port is free again. The login runs in a child JVM
 * ({@link LoginChild}: LoginFlow with the file store, as the CLI's {@code login} runs it).
 */
class LoginKilledAtEveryStageTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private TestServers servers;
    private Process child;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
    private byte[] before;
    private int port;

    @BeforeEach
    void storeEarlierCredentials() throws IOException {
        FileCredentialStore store = FileCredentialStore.inHome(home);
        for (String name : List.of("docs", "other")) {
            store.save(new StoredCredentials(new ServerKey(name, "https://" + name + ".example.com/mcp"),
                    "https://auth.example.com", "https://" + name + ".example.com/mcp", URI.create("https://auth.example.com/token"),
                    PreRegistered.publicClient("client-" + name),
                    new dev.mcpoauth.token.Tokens("at-" + name, "Bearer", "rt-" + name, Instant.parse("2030-01-01T00:00:00Z"),
                            Set.of("mcp:read")), Instant.parse("2026-01-01T00:00:00Z")));
        }
        before = Files.readAllBytes(credentialsFile());
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (servers != null) {
            servers.close();
        }
    }

    private Path credentialsFile() {
        return home.resolve(FileCredentialStore.FILE_NAME);
    }

    private void startLogin(TestServers started, long pauseBeforeSave) throws IOException {
        servers = started;
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                LoginChild.class.getName(), home.toString(), servers.mcpUrl().toString(), String.valueOf(port),
                String.valueOf(pauseBeforeSave));
        child = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(closed)");
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    private String await(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        synchronized (output) {
            throw new AssertionError("the child never printed `" + prefix + "`; it printed:\n" + String.join("\n", output));
        }
    }

    /** SIGKILL, as `kill -9` does. */
    private void kill() throws InterruptedException {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);
    }

    private void browseInBackground(URI authorizationUrl) {
        Thread browser = new Thread(() -> {
            try {
                HeadlessBrowser.follow(authorizationUrl);
            } catch (RuntimeException killedMidway) {
                // the callback listener died with the process
            }
        });
        browser.setDaemon(true);
        browser.start();
    }

    private void assertUnchangedAndPortFree() throws IOException {
        assertThat(Files.readAllBytes(credentialsFile())).as("credentials file").isEqualTo(before);
        assertPortFree();
    }

    private void assertPortFree() throws IOException {
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void afterDiscovery() throws Exception {
        startLogin(TestServers.start(), 0);
        await("STEP FOUND_AUTHORIZATION_SERVER");
        kill();
        assertUnchangedAndPortFree();
    }

    @Test
    void whileWaitingForTheCallback() throws Exception {
        startLogin(TestServers.start(), 0);
        await("URL ");
        kill();
        assertUnchangedAndPortFree();
        assertThat(servers.count("POST", "/token")).isZero();
    }

    @Test
    void duringTheTokenExchange() throws Exception {
        startLogin(TestServers.builder().responseDelay(Duration.ofMillis(800)).build().start(), 0);
        browseInBackground(URI.create(await("URL ").substring(4)));
        await("STEP CALLBACK_RECEIVED");
        Thread.sleep(300);
        kill();
        assertUnchangedAndPortFree();
    }

    @Test
    void justBeforeTheStoreWrite() throws Exception {
        startLogin(TestServers.start(), 2000);
        browseInBackground(URI.create(await("URL ").substring(4)));
        await("SAVING");
        Thread.sleep(500);
        kill();
        assertUnchangedAndPortFree();
        assertThat(servers.issuedTokens()).hasSize(1);
    }

    @Test
    void inTheMiddleOfTheStoreWrite() throws Exception {
        startLogin(TestServers.start(), 0);
        browseInBackground(URI.create(await("URL ").substring(4)));
        await("SAVING");
        kill();
        // Either the write had not replaced the file yet, or it had, completely: never a torn file.
        byte[] after = Files.readAllBytes(credentialsFile());
        if (!java.util.Arrays.equals(after, before)) {
            List<StoredCredentials> stored = FileCredentialStore.inHome(home).list();
            assertThat(stored).extracting(c -> c.key().name()).containsOnly("docs", "other");
            assertThat(stored).filteredOn(c -> c.key().name().equals("other")).singleElement()
                    .satisfies(c -> assertThat(c.tokens().accessToken()).isEqualTo("at-other"));
        }
        assertPortFree();
    }
}

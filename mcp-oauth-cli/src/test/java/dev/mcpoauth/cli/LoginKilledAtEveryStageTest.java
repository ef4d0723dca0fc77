package dev.mcpoauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.store.FileCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.testkit.HeadlessBrowser;
import dev.mcpoauth.testkit.RecordedRequest;
import dev.mcpoauth.testkit.TestServers;
import dev.mcpoauth.token.Tokens;
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
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Crash safety of the real CLI (issue 9, item 4): {@code mcp-oauth --verbose login docs} runs as its own
 * process ({@link CliRunner}'s command line: the CLI's main class on this module's classpath) with the
 * file store, a fixed callback port ({@code mcp_oauth_callback_port}) and credentials already stored
 * for another server, and is killed with SIGKILL at each stage of the login. Afterwards the
 * credentials file is as it was (or, killed around the write itself, completely new), the callback
 * port can be bound, and the next {@code mcp-oauth login} succeeds and leaves no temp file.
 *
 * <p>Stages are recognised by what can be observed, never by sleeping: the CLI's output (the
 * authorization URL on stdout; {@code --verbose} step lines on stderr) and the requests the test
 * servers have received. The servers answer every request after {@link #DELAY}, so a request the
 * test sees arrive is still unanswered when the kill lands.
 */
class LoginKilledAtEveryStageTest extends CliScenario {
    /** Latency on every response of the test servers: the window each kill aims at. */
    static final Duration DELAY = Duration.ofMillis(200);
    /** How long a stage may take to show up. */
    static final Duration WAIT = Duration.ofSeconds(30);
    /** What {@code Process.exitValue()} reports for a process killed by SIGKILL (128 + 9). */
    static final int KILLED = 137;

    private TestServers servers;
    private int port;
    private byte[] before;
    private Process child;
    private Thread reader;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();

    @BeforeEach
    void configAndEarlierCredentials() throws IOException {
        servers = servers(b -> b.responseDelay(DELAY));
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        configDocs(servers, "");
        cli.config("mcp_oauth_callback_port = " + port + "\n" + Files.readString(cli.configFile()));
        FileCredentialStore.inHome(home).save(new StoredCredentials(new ServerKey("other", "https://other.example.com/mcp"),
                "https://auth.example.com", "https://other.example.com/mcp", URI.create("https://auth.example.com/token"),
                PreRegistered.publicClient("client-other"),
                new Tokens("at-other", "Bearer", "rt-other", Instant.parse("2030-01-01T00:00:00Z"), Set.of("mcp:read")),
                Instant.parse("2026-01-01T00:00:00Z")));
        before = Files.readAllBytes(credentialsFile());
    }

    @AfterEach
    void stopChild() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
    }

    private Path credentialsFile() {
        return home.resolve(FileCredentialStore.FILE_NAME);
    }

    /** Starts {@code mcp-oauth --verbose login docs --no-browser}, stdout and stderr in one line stream. */
    private void startLogin() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(cli.commandLine("--verbose", "login", "docs", "--no-browser",
                "--timeout", "60")).redirectErrorStream(true);
        for (String inherited : List.of("BROWSER", "DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS",
                "XDG_RUNTIME_DIR", "SSH_CONNECTION", "SSH_TTY")) {
            builder.environment().remove(inherited);
        }
        builder.environment().putAll(cli.environment());
        child = builder.start();
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process died
            }
        }, "cli-output");
        reader.setDaemon(true);
        reader.start();
    }

    private String awaitLine(Predicate<String> test, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(50, TimeUnit.MILLISECONDS);
            if (line != null && test.test(line)) {
                return line;
            }
        }
        throw new AssertionError("the CLI never printed " + what + "; it printed:\n" + printed());
    }

    /** Waits until the test servers have received a request matching {@code test} (it is then being delayed). */
    private void awaitRequest(Predicate<RecordedRequest> test, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (servers.requests().stream().anyMatch(test)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the servers never received " + what + "; the CLI printed:\n" + printed());
    }

    /** Everything the killed CLI printed, once its output has been read to the end. */
    private String printedAfterDeath() throws InterruptedException {
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return printed();
    }

    private String printed() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    private URI awaitAuthorizationUrl() throws InterruptedException {
        awaitLine(line -> line.startsWith("Authorize `docs`"), "the authorization message");
        return URI.create(awaitLine(line -> line.startsWith("http"), "the authorization URL").strip());
    }

    /** SIGKILL, as {@code kill -9} does ({@code destroyForcibly} on Linux). */
    private void kill() throws InterruptedException {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the CLI died").isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(KILLED);
    }

    private static void browseInBackground(URI authorizationUrl) {
        Thread browser = new Thread(() -> {
            try {
                HeadlessBrowser.follow(authorizationUrl);
            } catch (RuntimeException killedMidway) {
                // the callback listener died with the process
            }
        }, "headless-browser");
        browser.setDaemon(true);
        browser.start();
    }

    private boolean portIsBound() {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return !socket.isBound();
        } catch (IOException e) {
            return true;
        }
    }

    private void assertPortFree() throws IOException {
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private void assertUnchangedAndPortFree() throws IOException {
        assertThat(Files.readAllBytes(credentialsFile())).as("credentials file, byte for byte").isEqualTo(before);
        assertPortFree();
    }

    /** The next {@code mcp-oauth login} succeeds, keeps the other server's entry and leaves no temp file. */
    private void assertTheNextLoginSucceeds() throws IOException {
        login("docs");
        List<StoredCredentials> stored = FileCredentialStore.inHome(home).list();
        assertThat(stored).extracting(c -> c.key().name()).containsExactlyInAnyOrder("docs", "other");
        assertThat(stored).filteredOn(c -> c.key().name().equals("other")).singleElement()
                .satisfies(c -> assertThat(c.tokens().accessToken()).isEqualTo("at-other"));
        assertThat(tempFiles()).as("temp files left in " + home).isEmpty();
        assertPortFree();
    }

    @Test
    void duringDiscovery() throws Exception {
        startLogin();
        awaitRequest(r -> r.path().startsWith("/.well-known/oauth-protected-resource"), "the metadata request");
        kill();
        assertUnchangedAndPortFree();
        assertThat(servers.count("POST", "/register")).as("registration requests").isZero();
        assertTheNextLoginSucceeds();
    }

    @Test
    void whileWaitingForTheBrowser() throws Exception {
        startLogin();
        awaitAuthorizationUrl();
        assertThat(portIsBound()).as("the callback listener is up on the configured port").isTrue();
        kill();
        assertUnchangedAndPortFree();
        assertThat(servers.count("POST", "/token")).as("token requests").isZero();
        assertTheNextLoginSucceeds();
    }

    @Test
    void afterTheCallbackDuringTheTokenExchange() throws Exception {
        startLogin();
        browseInBackground(awaitAuthorizationUrl());
        awaitLine(line -> line.startsWith("  step: Browser returned to"), "the callback step");
        awaitRequest(r -> r.method().equals("POST") && r.path().equals("/token"), "the token request");
        kill();
        assertUnchangedAndPortFree();
        assertThat(printedAfterDeath()).as("the token response had not arrived").doesNotContain("  step: Received tokens");
        assertTheNextLoginSucceeds();
    }

    @Test
    void asCloseAsPossibleToTheCredentialsWrite() throws Exception {
        startLogin();
        browseInBackground(awaitAuthorizationUrl());
        awaitLine(line -> line.startsWith("  step: Received tokens"), "the tokens step");
        kill();
        // The write replaces the file atomically (temp file + rename): the old content or the complete new one.
        byte[] after = Files.readAllBytes(credentialsFile());
        List<StoredCredentials> stored = FileCredentialStore.inHome(home).list();
        if (Arrays.equals(after, before)) {
            assertThat(stored).extracting(c -> c.key().name()).containsExactly("other");
        } else {
            assertThat(stored).extracting(c -> c.key().name()).containsExactlyInAnyOrder("docs", "other");
            assertThat(stored).filteredOn(c -> c.key().name().equals("docs")).singleElement()
                    .satisfies(c -> assertThat(c.tokens().accessToken())
                            .isEqualTo(servers.issuedTokens().get(0).accessToken()));
        }
        assertThat(stored).filteredOn(c -> c.key().name().equals("other")).singleElement()
                .satisfies(c -> assertThat(c.tokens().accessToken()).isEqualTo("at-other"));
        assertPortFree();
        assertTheNextLoginSucceeds();
    }
}

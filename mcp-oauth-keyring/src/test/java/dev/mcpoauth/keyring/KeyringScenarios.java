package dev.mcpoauth.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.config.CredentialsStoreMode;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.store.CredentialStore;
import dev.mcpoauth.store.CredentialsJson;
import dev.mcpoauth.store.FileCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.token.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Test programs that run inside a {@link SecretServiceSession} (a child JVM in a private D-Bus
 * session with GNOME Keyring). {@code main(scenario, mcpOAuthHome, args...)} exits 0 when every
 * assertion held, else prints the failure and exits 1.
 */
public final class KeyringScenarios {
    private static final Map<String, Scenario> SCENARIOS = Map.ofEntries(
            Map.entry("round-trip", KeyringScenarios::roundTrip),
            Map.entry("delete", KeyringScenarios::delete),
            Map.entry("list", KeyringScenarios::list),
            Map.entry("update", KeyringScenarios::update),
            Map.entry("update-init", (home, args) -> KeyringCredentialStore.open(home).save(counter(0))),
            Map.entry("update-worker", KeyringScenarios::updateWorker),
            Map.entry("update-check", KeyringScenarios::updateCheck),
            Map.entry("auto-uses-keyring", KeyringScenarios::autoUsesKeyring),
            Map.entry("prepare-locked", (home, args) -> KeyringCredentialStore.open(home).save(Fixtures.credentials("docs", "at"))),
            Map.entry("locked", KeyringScenarios::locked),
            Map.entry("hang", KeyringScenarios::hang),
            Map.entry("no-dbus", KeyringScenarios::noDbus));

    @FunctionalInterface
    private interface Scenario {
        void run(Path home, List<String> args) throws Exception;
    }

    private KeyringScenarios() {
    }

    public static void main(String[] args) {
        int exit = 0;
        try {
            Scenario scenario = SCENARIOS.get(args[0]);
            if (scenario == null) {
                throw new IllegalArgumentException("unknown scenario " + args[0]);
            }
            scenario.run(Path.of(args[1]), List.of(args).subList(2, args.length));
            System.out.println("scenario " + args[0] + ": ok");
        } catch (Throwable t) {
            System.out.println("scenario " + args[0] + ": FAILED");
            t.printStackTrace(System.out);
            exit = 1;
        }
        System.out.flush();
        System.exit(exit);
    }

    private static void roundTrip(Path home, List<String> args) throws Exception {
        List<String> warnings = new ArrayList<>();
        CredentialStore store = CredentialStores.open(CredentialsStoreMode.KEYRING, home, warnings::add);
        assertThat(store).isInstanceOf(KeyringCredentialStore.class);
        assertThat(((KeyringCredentialStore) store).backendName()).isEqualTo("Secret Service");
        assertThat(warnings).isEmpty();
        StoredCredentials saved = Fixtures.credentials("docs", "access-docs");
        store.save(saved);

        StoredCredentials loaded = KeyringCredentialStore.open(home).load(saved.key()).orElseThrow();
        assertThat(CredentialsJson.toJson(loaded)).isEqualTo(CredentialsJson.toJson(saved));
        assertThat(loaded).isEqualTo(saved);

        // It really is in the Secret Service, as the file store's JSON plus a version, and nowhere else.
        JsonNode raw = Json.parseObject(secretTool("lookup", "service", "mcp-oauth", "account", saved.key().id())
                .getBytes(StandardCharsets.UTF_8), "keyring item");
        assertThat(raw.path("version").asInt()).isEqualTo(1);
        assertThat(raw.path("server_name").asText()).isEqualTo("docs");
        assertThat(raw.path("tokens").path("access_token").asText()).isEqualTo("access-docs");
        assertThat(raw.path("client").path("client_secret").asText()).isEqualTo("client-secret-docs");
        assertThat(home.resolve(FileCredentialStore.FILE_NAME)).doesNotExist();
        assertThat(KeyringCredentialStore.open(home).load(Fixtures.key("other"))).isEmpty();
    }

    private static void delete(Path home, List<String> args) throws Exception {
        KeyringCredentialStore store = KeyringCredentialStore.open(home);
        store.save(Fixtures.credentials("a", "1"));
        store.save(Fixtures.credentials("b", "2"));
        assertThat(store.delete(Fixtures.key("a"))).isTrue();
        assertThat(store.delete(Fixtures.key("a"))).isFalse();
        assertThat(store.load(Fixtures.key("a"))).isEmpty();
        assertThat(store.load(Fixtures.key("b"))).isPresent();
        assertThat(store.list()).extracting(c -> c.key().name()).containsExactly("b");
        assertThat(secretToolExitCode("lookup", "service", "mcp-oauth", "account", Fixtures.key("a").id())).isNotZero();
    }

    private static void list(Path home, List<String> args) throws Exception {
        KeyringCredentialStore store = KeyringCredentialStore.open(home);
        assertThat(store.list()).isEmpty();
        for (String name : List.of("a", "b", "c")) {
            store.save(Fixtures.credentials(name, "token-" + name));
        }
        store.save(Fixtures.credentials("b", "token-b2")); // a replacement is listed once
        assertThat(KeyringCredentialStore.open(home).list())
                .extracting(c -> c.key().name() + "=" + c.tokens().accessToken())
                .containsExactlyInAnyOrder("a=token-a", "b=token-b2", "c=token-c");

        // Removed outside mcp-oauth (a keyring UI): no longer listed, and the index forgets it.
        assertThat(secretToolExitCode("clear", "service", "mcp-oauth", "account", Fixtures.key("b").id())).isZero();
        assertThat(store.list()).extracting(c -> c.key().name()).containsExactlyInAnyOrder("a", "c");
        assertThat(secretTool("lookup", "service", "mcp-oauth", "account", "index")).doesNotContain(Fixtures.key("b").id());
    }

    private static void update(Path home, List<String> args) throws Exception {
        KeyringCredentialStore store = KeyringCredentialStore.open(home);
        ServerKey key = Fixtures.key("docs");
        assertThat(store.update(key, before -> before)).isEmpty();
        assertThat(store.list()).isEmpty();

        Optional<StoredCredentials> created = store.update(key, before -> Optional.of(Fixtures.credentials("docs", "v1")));
        assertThat(created).map(c -> c.tokens().accessToken()).hasValue("v1");
        assertThat(store.load(key)).map(c -> c.tokens().accessToken()).hasValue("v1");

        Optional<StoredCredentials> refreshed = store.update(key, before -> before.map(c -> c.withTokens(
                new Tokens("v2", "Bearer", "r2", Fixtures.NOW.plusSeconds(60), Set.of()), Fixtures.NOW)));
        assertThat(refreshed).map(c -> c.tokens().refreshToken()).hasValue("r2");
        assertThat(store.load(key)).map(c -> c.tokens().accessToken()).hasValue("v2");

        assertThat(store.update(key, before -> Optional.empty())).isEmpty();
        assertThat(store.load(key)).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    private static StoredCredentials counter(int n) {
        return Fixtures.credentials("counter", "count-" + n);
    }

    /** {@code update-worker N}: N read-increment-writes, which only add up if updates are serialised across processes. */
    private static void updateWorker(Path home, List<String> args) {
        KeyringCredentialStore store = KeyringCredentialStore.open(home);
        int rounds = Integer.parseInt(args.get(0));
        for (int i = 0; i < rounds; i++) {
            store.update(Fixtures.key("counter"), before -> {
                int n = Integer.parseInt(before.orElseThrow().tokens().accessToken().substring("count-".length()));
                return Optional.of(counter(n + 1));
            });
        }
    }

    private static void updateCheck(Path home, List<String> args) {
        assertThat(KeyringCredentialStore.open(home).load(Fixtures.key("counter")))
                .map(c -> c.tokens().accessToken()).hasValue("count-" + args.get(0));
    }

    private static void autoUsesKeyring(Path home, List<String> args) {
        List<String> warnings = new ArrayList<>();
        CredentialStore store = CredentialStores.open(CredentialsStoreMode.AUTO, home, warnings::add);
        assertThat(store).isInstanceOf(KeyringCredentialStore.class);
        assertThat(warnings).isEmpty();
        store.save(Fixtures.credentials("docs", "a"));
        assertThat(home.resolve(FileCredentialStore.FILE_NAME)).doesNotExist();
    }

    /** The keyring exists on disk but nobody unlocked it, and there is no display to ask on. */
    private static void locked(Path home, List<String> args) {
        assertThatThrownBy(() -> CredentialStores.open(CredentialsStoreMode.KEYRING, home, unexpected()))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILED);
                    assertThat(e.detail()).startsWith("the OS keyring is not available (");
                    assertThat(e.hint()).contains("mcp_oauth_credentials_store = \"file\"");
                });
        List<String> warnings = new ArrayList<>();
        CredentialStore store = CredentialStores.open(CredentialsStoreMode.AUTO, home, warnings::add);
        assertThat(store).isInstanceOf(FileCredentialStore.class);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .startsWith("warning: the OS keyring is not available (")
                .endsWith("); storing credentials in " + home.resolve("credentials.json") + " instead");
    }

    /**
     * The Secret Service stops answering (its process is stopped with SIGSTOP, as a hung daemon would
     * be): every call gives up after 5 s with a clear error, auto mode falls back to the file with a
     * warning, nothing keeps the JVM alive, and the store works again once the daemon does.
     */
    private static void hang(Path home, List<String> args) throws Exception {
        String daemon = System.getenv("KEYRING_DAEMON_PID");
        assertThat(daemon).as("KEYRING_DAEMON_PID").isNotBlank();
        KeyringCredentialStore store = KeyringCredentialStore.open(home);
        StoredCredentials saved = Fixtures.credentials("docs", "before-the-hang");
        store.save(saved);

        signal("STOP", daemon);
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> store.load(saved.key()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILED);
                        assertThat(e.detail()).isEqualTo("the OS keyring did not answer within 5 s");
                        assertThat(e.hint()).isEqualTo("A locked or hung keyring does not answer: unlock it, or set "
                                + "mcp_oauth_credentials_store = \"file\" in config.toml to keep credentials in "
                                + home.resolve("credentials.json") + ".");
                    });
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(4900)).isLessThan(Duration.ofSeconds(30));

            assertThatThrownBy(() -> store.save(Fixtures.credentials("docs", "during-the-hang")))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.detail()).isEqualTo("the OS keyring did not answer within 5 s"));

            List<String> warnings = new ArrayList<>();
            CredentialStore fallback = CredentialStores.open(CredentialsStoreMode.AUTO, home, warnings::add);
            assertThat(fallback).isInstanceOf(FileCredentialStore.class);
            assertThat(warnings).containsExactly("warning: the OS keyring is not available (it did not answer within 5 s); "
                    + "storing credentials in " + home.resolve("credentials.json") + " instead");

            assertThatThrownBy(() -> CredentialStores.open(CredentialsStoreMode.KEYRING, home, unexpected()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.detail())
                            .isEqualTo("the OS keyring is not available (it did not answer within 5 s)"));

            // Abandoned calls hold no thread that would keep the JVM from exiting.
            Thread.sleep(500);
            assertThat(Thread.getAllStackTraces().keySet())
                    .filteredOn(t -> !t.isDaemon() && t.isAlive())
                    .extracting(Thread::getName)
                    .containsOnly("main");
        } finally {
            signal("CONT", daemon);
        }
        // The keyring answers again: nothing was lost or half-written.
        assertThat(store.load(saved.key())).map(c -> c.tokens().accessToken()).hasValue("before-the-hang");
    }

    /** Run without any D-Bus session (a server, a container, an SSH login without a desktop). */
    private static void noDbus(Path home, List<String> args) {
        assertThat(System.getenv("DBUS_SESSION_BUS_ADDRESS")).isNull();
        String file = home.resolve("credentials.json").toString();
        assertThatThrownBy(() -> CredentialStores.open(CredentialsStoreMode.KEYRING, home, unexpected()))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILED);
                    assertThat(e.getMessage()).isEqualTo("the OS keyring is not available (no D-Bus session: "
                            + "DBUS_SESSION_BUS_ADDRESS is not set). Unlock or start the keyring, or set "
                            + "mcp_oauth_credentials_store = \"file\" in config.toml to keep credentials in " + file + ".");
                });
        List<String> warnings = new ArrayList<>();
        CredentialStore store = CredentialStores.open(CredentialsStoreMode.AUTO, home, warnings::add);
        assertThat(warnings).containsExactly("warning: the OS keyring is not available (no D-Bus session: "
                + "DBUS_SESSION_BUS_ADDRESS is not set); storing credentials in " + file + " instead");
        assertThat(store).isInstanceOfSatisfying(FileCredentialStore.class,
                f -> assertThat(f.file()).isEqualTo(home.resolve("credentials.json").toAbsolutePath()));
        store.save(Fixtures.credentials("docs", "a"));
        assertThat(FileCredentialStore.inHome(home).load(Fixtures.key("docs"))).isPresent();
    }

    private static Consumer<String> unexpected() {
        return warning -> {
            throw new AssertionError("unexpected warning: " + warning);
        };
    }

    private static void signal(String signal, String pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal + " " + pid).isZero();
    }

    private static String secretTool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("secret-tool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("secret-tool " + String.join(" ", args)).isZero();
        return out;
    }

    private static int secretToolExitCode(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("secret-tool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}

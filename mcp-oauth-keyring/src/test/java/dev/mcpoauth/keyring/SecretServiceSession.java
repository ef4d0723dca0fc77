package dev.mcpoauth.keyring;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real freedesktop Secret Service for a test: a private D-Bus session ({@code dbus-run-session})
 * with GNOME Keyring in it, in a throwaway home, so nothing touches the user's own keyrings. Test
 * programs ({@link KeyringScenarios}) run inside it as child JVMs on the test class path.
 *
 * <p>Needs Debian's {@code dbus}, {@code gnome-keyring} and {@code libsecret-tools}; without them
 * (or off Linux) the calling test is skipped and says which tool is missing.
 */
final class SecretServiceSession {
    /** How long one session may take before it is stopped (a hung test must not hang the build). */
    private static final long SESSION_LIMIT_SECONDS = 120;
    private static final List<String> TOOLS = List.of("dbus-run-session", "dbus-send", "gnome-keyring-daemon", "secret-tool");

    private final Path dir;

    /** A session environment under {@code dir}: its HOME, XDG directories and the mcp-oauth home live there. */
    SecretServiceSession(Path dir) {
        this.dir = dir;
    }

    /** Skips the calling test when the tools are missing, saying which and how to install them. */
    static void assumeAvailable() {
        assumeTrue(System.getProperty("os.name", "").toLowerCase().contains("linux"),
                "skipped: a real Secret Service is only tested on Linux");
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        assumeTrue(missing.isEmpty(), "skipped: no real Secret Service to test against; missing " + missing
                + " (apt-get install -y dbus gnome-keyring libsecret-tools)");
    }

    private static boolean onPath(String tool) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The mcp-oauth home inside this session's directory. */
    Path mcpOAuthHome() {
        return dir.resolve("mcp-oauth-home");
    }

    /** A command line that runs {@link KeyringScenarios} with a scenario, for {@link #run}. */
    static String scenario(String name, String... args) {
        StringBuilder line = new StringBuilder("\"$JAVA\" -Dorg.slf4j.simpleLogger.log.org.freedesktop=warn "
                + "-cp \"$TEST_CP\" dev.mcpoauth.keyring.KeyringScenarios " + name + " \"$MCP_OAUTH_HOME\"");
        for (String arg : args) {
            line.append(' ').append(arg);
        }
        return line.toString();
    }

    /** What a session printed and how it ended. */
    record Result(int exitCode, String output) {
    }

    /**
     * Runs bash {@code commands} in a fresh D-Bus session with GNOME Keyring's secrets component,
     * unlocked with a password when {@code unlock}, else left as the keyring files on disk say
     * (a keyring created by an earlier unlocked session is then locked). Inside, {@code $JAVA},
     * {@code $TEST_CP}, {@code $MCP_OAUTH_HOME} and {@code $KEYRING_DAEMON_PID} (the process that owns
     * {@code org.freedesktop.secrets}) are set; a stopped daemon is continued again at the end.
     */
    Result run(boolean unlock, String commands) throws IOException, InterruptedException {
        Path home = dir.resolve("home");
        Path runtime = dir.resolve("runtime");
        Files.createDirectories(home);
        if (!Files.isDirectory(runtime)) {
            Files.createDirectories(runtime, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        String script = String.join("\n",
                unlock ? "echo -n test-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null" : "",
                // Activates the secrets service without asking it anything that could prompt.
                "dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets "
                        + "org.freedesktop.DBus.Peer.Ping >/dev/null",
                "export KEYRING_DAEMON_PID=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus / "
                        + "org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets | awk '/uint32/{print $2}')",
                "( " + commands + " )",
                "rc=$?",
                "kill -CONT \"$KEYRING_DAEMON_PID\" 2>/dev/null",
                "exit $rc");
        ProcessBuilder builder = new ProcessBuilder("dbus-run-session", "--", "bash", "-c", script)
                .redirectErrorStream(true)
                .directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.remove("DBUS_SESSION_BUS_ADDRESS");
        env.remove("DISPLAY");
        env.remove("WAYLAND_DISPLAY");
        env.remove("GNOME_KEYRING_CONTROL");
        env.put("HOME", home.toString());
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("TEST_CP", testClassPath());
        env.put("MCP_OAUTH_HOME", mcpOAuthHome().toString());
        Process process = builder.start();
        byte[] output;
        try {
            // Read in the background so a chatty child never blocks on a full pipe.
            var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return ("(output unreadable: " + e + ")").getBytes(StandardCharsets.UTF_8);
                }
            });
            if (!process.waitFor(SESSION_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("the Secret Service session did not finish within " + SESSION_LIMIT_SECONDS + " s");
            }
            output = reader.join();
        } finally {
            process.descendants().forEach(ProcessHandle::destroy);
        }
        return new Result(process.exitValue(), filterNoise(new String(output, StandardCharsets.UTF_8)));
    }

    /** The test class path, as surefire passes it, for child JVMs. */
    static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** dbus-daemon's harmless complaint about the fd limit in containers. */
    private static String filterNoise(String output) {
        StringBuilder kept = new StringBuilder();
        for (String line : output.split("\n")) {
            if (!line.contains("Failed to set fd limit")) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString();
    }
}

package dev.mcpoauth.cli;

import dev.mcpoauth.cli.terminal.Terminal;
import dev.mcpoauth.testkit.HeadlessBrowser;
import dev.mcpoauth.testkit.TestServers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The workload {@code bin/mcp-oauth} records a class-data sharing archive from
 * ({@code -XX:ArchiveClassesAtExit}): the everyday commands, run in-process against the embedded
 * test servers in a throw-away home, so their classes start from the archive afterwards. Prints
 * nothing; touches nothing outside its temp directory; exits 0 even if a step fails (the archive
 * is only an optimisation).
 *
 * <pre>
 * java -XX:ArchiveClassesAtExit=mcp-oauth.jsa -cp mcp-oauth.jar dev.mcpoauth.cli.StartupTraining
 * </pre>
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path home = Files.createTempDirectory("mcp-oauth-training");
        try (TestServers servers = TestServers.start()) {
            Files.writeString(home.resolve("config.toml"), "mcp_oauth_credentials_store = \"file\"\n\n"
                    + "[mcp_servers.docs]\nurl = \"" + servers.mcpUrl() + "\"\n\n"
                    + "[mcp_servers.static]\nurl = \"" + servers.mcpUrl() + "\"\nbearer_token_env_var = \"TOKEN\"\n");
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("MCP_OAUTH_HOME", home.toString());
            quietly(env, "list");
            quietly(env, "list", "--json");
            login(env);
            quietly(env, "list");
            quietly(env, "token", "docs");
            quietly(env, "token", "docs", "--json");
            quietly(env, "doctor", "docs");
            quietly(env, "logout", "docs");
            quietly(env, "token", "docs");
            quietly(env, "--help");
            quietly(env, "nope");
        } catch (RuntimeException e) {
            // Training is best effort: a partial archive still helps.
        } finally {
            deleteTree(home);
        }
        System.exit(0);
    }

    private static int quietly(Map<String, String> env, String... args) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return Main.run(args, env, new ByteArrayInputStream(new byte[0]), sink, sink, Terminal.none());
    }

    /** {@code login docs --no-browser}, approved the way a browser would. */
    private static void login(Map<String, String> env) throws IOException {
        PipedOutputStream pipe = new PipedOutputStream();
        PipedInputStream lines = new PipedInputStream(pipe, 64 * 1024);
        PrintStream out = new PrintStream(pipe, true, StandardCharsets.UTF_8);
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"login", "docs", "--no-browser", "--timeout", "30"}, env,
                new ByteArrayInputStream(new byte[0]), out, sink, Terminal.none()));
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = lines.read()) >= 0) {
            if (c != '\n') {
                line.write(c);
                continue;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.startsWith("http")) {
                HeadlessBrowser.follow(URI.create(text.strip()));
                break;
            }
        }
        run.join();
        out.close();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}

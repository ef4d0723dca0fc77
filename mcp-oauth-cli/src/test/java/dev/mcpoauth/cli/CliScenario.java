package dev.mcpoauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.testkit.HeadlessBrowser;
import dev.mcpoauth.testkit.TestServers;
import dev.mcpoauth.testkit.TestServersBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The common ground of the command tests: a temp {@code MCP_OAUTH_HOME}, the CLI run as a
 * subprocess, and test servers started on demand and stopped after each test.
 */
abstract class CliScenario {
    @TempDir
    Path home;

    CliRunner cli;
    private final List<TestServers> started = new ArrayList<>();

    @BeforeEach
    void newHome() {
        cli = new CliRunner(home);
    }

    @AfterEach
    void stopServers() {
        started.forEach(TestServers::close);
    }

    TestServers servers() {
        return servers(b -> { });
    }

    TestServers servers(Consumer<TestServersBuilder> options) {
        TestServersBuilder builder = TestServers.builder();
        options.accept(builder);
        TestServers servers = builder.build().start();
        started.add(servers);
        return servers;
    }

    /** A config with the file store and one server named {@code docs}, plus {@code extra} TOML. */
    void configDocs(TestServers servers, String extra) {
        cli.config("mcp_oauth_credentials_store = \"file\"\n\n[mcp_servers.docs]\nurl = \"" + servers.mcpUrl() + "\"\n" + extra);
    }

    /** Runs {@code login NAME --no-browser}, approves the URL it prints, and checks it succeeded. */
    CliRunner.Result login(String name, String... options) {
        List<String> args = new ArrayList<>(List.of("login", name, "--no-browser", "--timeout", "30"));
        args.addAll(List.of(options));
        try (CliRunner.Running running = cli.start(args.toArray(String[]::new))) {
            URI url = running.awaitAuthorizationUrl();
            try {
                HeadlessBrowser.follow(url);
            } catch (RuntimeException e) {
                throw new AssertionError("the browser could not complete the login:\n" + running.await(), e);
            }
            CliRunner.Result result = running.await();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            return result;
        }
    }

    /** A loopback port nothing listens on. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String queryParam(URI uri, String name) {
        return dev.mcpoauth.authorize.CallbackParameters.parseUrl(uri).get(name).orElse(null);
    }
}

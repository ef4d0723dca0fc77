package dev.mcpoauth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Runs the test servers from the command line until standard input closes or the process is killed.
 *
 * <pre>
 * java -cp ... dev.mcpoauth.testkit.TestServersMain [--consent-page] [--no-cimd] [--no-dcr] [--delay-ms N]
 *     [--single-use-refresh-tokens] [--control]
 * </pre>
 *
 * <p>{@code --delay-ms N} (also spelled {@code --response-delay-ms N}) adds N milliseconds before every response.
 * {@code --control} also starts a control API on another loopback port (printed as {@code Control URL:}) that tells
 * programs in other languages what the servers received; see the benchmarks in {@code bench/}.
 */
public final class TestServersMain {

    private static final String USAGE =
            "usage: TestServersMain [--consent-page] [--no-cimd] [--no-dcr] [--delay-ms N]"
                    + " [--single-use-refresh-tokens] [--control]";

    private TestServersMain() {
    }

    /**
     * Starts the servers, prints their URLs and waits.
     *
     * @param args command line flags, see the class documentation
     */
    public static void main(String[] args) throws IOException {
        // The JDK HTTP server writes a response's headers and body separately; without TCP_NODELAY a
        // keep-alive client (Node's fetch, the JDK HttpClient) waits ~40 ms for the body (Nagle's
        // algorithm against delayed ACKs), which would bill the servers' slowness to the client.
        // Read once, when the first server starts: set it before any.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        TestServersBuilder builder;
        boolean control = List.of(args).contains("--control");
        try {
            builder = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        TestServers servers = builder.build().start();
        ControlServer controlServer = control ? ControlServer.start(servers) : null;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (controlServer != null) {
                controlServer.close();
            }
            servers.close();
        }, "testkit-shutdown"));
        print(servers, System.out, controlServer == null ? null : controlServer.origin());
        waitForEndOfInput(System.in);
        if (controlServer != null) {
            controlServer.close();
        }
        servers.close();
    }

    static TestServersBuilder parse(String[] args) {
        TestServersBuilder builder = TestServers.builder();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--consent-page":
                    builder.approval(Approval.CONSENT_PAGE);
                    break;
                case "--no-cimd":
                    builder.cimd(false);
                    break;
                case "--no-dcr":
                    builder.dcr(false);
                    break;
                case "--single-use-refresh-tokens":
                    builder.singleUseRefreshTokens(true);
                    break;
                case "--control":
                    break;
                case "--delay-ms":
                case "--response-delay-ms":
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a number of milliseconds");
                    }
                    try {
                        builder.responseDelay(Duration.ofMillis(Long.parseLong(args[++i])));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(args[i - 1] + " needs a number of milliseconds: " + args[i]);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return builder;
    }

    static void print(TestServers servers, PrintStream out) {
        print(servers, out, null);
    }

    static void print(TestServers servers, PrintStream out, String controlUrl) {
        out.println("MCP URL:              " + servers.mcpUrl());
        out.println("Issuer:               " + servers.issuer());
        out.println("Client metadata base: " + servers.clientMetadataBase());
        if (controlUrl != null) {
            out.println("Control URL:          " + controlUrl);
        }
        out.println("Close standard input or press Ctrl+C to stop.");
        out.flush();
    }

    private static void waitForEndOfInput(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // Discard input; only its end matters.
        }
    }
}

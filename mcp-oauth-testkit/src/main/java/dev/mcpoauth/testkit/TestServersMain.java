package dev.mcpoauth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Runs the test servers from the command line until standard input closes or the process is killed.
 *
 * <pre>
 * java -cp ... dev.mcpoauth.testkit.TestServersMain [--consent-page] [--no-cimd] [--no-dcr] [--delay-ms N]
 * </pre>
 */
public final class TestServersMain {

    private static final String USAGE =
            "usage: TestServersMain [--consent-page] [--no-cimd] [--no-dcr] [--delay-ms N]";

    private TestServersMain() {
    }

    /**
     * Starts the servers, prints their URLs and waits.
     *
     * @param args command line flags, see the class documentation
     */
    public static void main(String[] args) throws IOException {
        TestServersBuilder builder;
        try {
            builder = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        TestServers servers = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "testkit-shutdown"));
        print(servers, System.out);
        waitForEndOfInput(System.in);
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
                case "--delay-ms":
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--delay-ms needs a number of milliseconds");
                    }
                    try {
                        builder.responseDelay(Duration.ofMillis(Long.parseLong(args[++i])));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--delay-ms needs a number of milliseconds: " + args[i]);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return builder;
    }

    static void print(TestServers servers, PrintStream out) {
        out.println("MCP URL:              " + servers.mcpUrl());
        out.println("Issuer:               " + servers.issuer());
        out.println("Client metadata base: " + servers.clientMetadataBase());
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

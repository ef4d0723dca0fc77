package dev.mcpoauth.mcpsdk.conformance;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The client the official MCP conformance suite grades ({@code @modelcontextprotocol/conformance},
 * {@code npx conformance client --command "<this> " --scenario auth/<name>}): the MCP Java SDK with
 * the mcp-oauth adapter, doing what each {@code auth/*} scenario expects of a real client.
 *
 * <pre>{@code
 * MCP_CONFORMANCE_SCENARIO=auth/metadata-default \
 *   java -cp ... dev.mcpoauth.mcpsdk.conformance.ConformanceClient http://localhost:3001/mcp
 * }</pre>
 *
 * <p>Reads {@code MCP_CONFORMANCE_SCENARIO}, {@code MCP_CONFORMANCE_CONTEXT} (JSON with the
 * scenario's credentials) and {@code MCP_CONFORMANCE_PROTOCOL_VERSION}. Logins follow the suite's
 * auto-approving authorization server headlessly. Exits 0 when the scenario's MCP operations
 * succeeded, 1 with one error line when they failed, and by itself within {@link #DEADLINE}, since
 * the harness cannot stop a JVM it started through a shell.
 */
public final class ConformanceClient {
    /** The harness waits 30 s; the issue allows 20 s. */
    static final Duration DEADLINE = Duration.ofSeconds(18);
    static final String CLIENT_NAME = "mcp-oauth-conformance";
    static final String CLIENT_VERSION = "0.1.0";
    /** The client id the suite's CIMD scenario expects (SPEC-NOTES §3). */
    static final String CLIENT_METADATA_URL = "https://conformance-test.local/client-metadata.json";

    private ConformanceClient() {
    }

    /** Runs the scenario and exits the JVM with its code, or with 3 after {@link #DEADLINE}. */
    public static void main(String[] args) {
        startDeadline();
        System.exit(run(args, System.getenv(), System.err));
    }

    /**
     * Halts the JVM with exit code 3 if it is still running {@link #DEADLINE} from now: the harness
     * starts the client through a shell and cannot stop a JVM that hangs. For a command-line wrapper
     * that calls {@link #run} itself.
     */
    public static void startDeadline() {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(DEADLINE.toMillis());
                System.err.println("conformance-client: gave up after " + DEADLINE.toSeconds() + " s");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "conformance-deadline");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * Runs one scenario: {@code args} is the MCP server URL, {@code env} the process environment.
     * Returns 0 on success, 1 with one error line on {@code err} when the scenario failed, 2 for a
     * usage error. Does not exit the JVM.
     */
    public static int run(String[] args, Map<String, String> env, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: conformance-client <mcp-server-url>  (with MCP_CONFORMANCE_SCENARIO set)");
            return 2;
        }
        String scenario = env.getOrDefault("MCP_CONFORMANCE_SCENARIO", "");
        try {
            URI serverUrl = URI.create(args[0]);
            ConformanceContext context = ConformanceContext.parse(env.get("MCP_CONFORMANCE_CONTEXT"));
            String protocolVersion = env.get("MCP_CONFORMANCE_PROTOCOL_VERSION");
            Scenarios.forName(scenario).run(new ScenarioRun(scenario, serverUrl, context, protocolVersion));
            return 0;
        } catch (McpOAuthException e) {
            err.println("conformance-client: " + scenario + ": " + e.code().code() + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            McpOAuthException oauth = oauthCause(e);
            if (oauth != null) {
                err.println("conformance-client: " + scenario + ": " + oauth.code().code() + ": " + oauth.getMessage());
            } else {
                err.println("conformance-client: " + scenario + ": " + e);
            }
            return 1;
        }
    }

    private static McpOAuthException oauthCause(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof McpOAuthException oauth) {
                return oauth;
            }
        }
        return null;
    }

    static McpOAuthException unknownScenario(String scenario) {
        return new McpOAuthException(ErrorCode.INVALID_INPUT, "unknown scenario `" + scenario + "`",
                "Set MCP_CONFORMANCE_SCENARIO to one of the suite's auth/* client scenarios.", null);
    }
}

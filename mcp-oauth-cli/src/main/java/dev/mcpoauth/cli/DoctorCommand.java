package dev.mcpoauth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.authorize.CallbackEndpoint;
import dev.mcpoauth.authorize.CallbackId;
import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.config.ServerLogins;
import dev.mcpoauth.discovery.AuthorizationDiscovery;
import dev.mcpoauth.discovery.DiscoveryOptions;
import dev.mcpoauth.discovery.DiscoveryStep;
import dev.mcpoauth.discovery.ServerAuthorization;
import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.store.StoredCredentials;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcp-oauth doctor NAME}: walks every discovery step (URL tried, HTTP status, what was found
 * or what is wrong), then checks PKCE, client identity, scopes, callback settings and stored
 * credentials, and ends with a verdict and the fix. The answer to an opaque "failed to parse metadata".
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {
            "Diagnose a server's OAuth setup: every discovery step with its URL and HTTP status,"
                    + " then PKCE, client identity, scopes, callback and stored credentials, and a verdict with the fix.",
            "Exit code 0 when a login can work (or the server needs none), else the code of the problem found."
        })
final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    private McpOAuthCommand root;

    @Parameters(index = "0", paramLabel = "NAME", description = "The server's name in config.toml.")
    private String name;

    @Option(names = "--json", description = "Print {name, url, steps, checks, verdict} as JSON.")
    private boolean json;

    /** The conclusion: whether a login can work, and what to do. */
    record Verdict(boolean ok, String code, String message, String fix, int exitCode) {
    }

    @Override
    public Integer call() {
        CliContext context = root.context();
        ServerConfig server = context.httpServer(name);
        PrintStream out = context.out();
        if (!json) {
            out.println("Diagnosing '" + name + "' at " + server.url());
            out.println();
            out.println("Discovery:");
            out.flush();
        }
        List<DiscoveryStep> steps = new ArrayList<>();
        ServerAuthorization auth = null;
        McpOAuthException failure = null;
        try {
            auth = new AuthorizationDiscovery(context.transport(server)).discover(server.url(),
                    new DiscoveryOptions(server.oauthResource()), step -> {
                        steps.add(step);
                        if (!json) {
                            printStep(out, steps.size(), step);
                        }
                    });
        } catch (McpOAuthException e) {
            failure = e;
        }
        List<DoctorCheck> checks = auth == null ? List.of() : checks(context, server, auth);
        Verdict verdict = verdict(server, auth, failure, checks);
        if (json) {
            printJson(out, server, steps, checks, verdict);
        } else {
            printChecksAndVerdict(out, checks, verdict);
        }
        return verdict.exitCode();
    }

    private static void printStep(PrintStream out, int number, DiscoveryStep step) {
        out.println(String.format("  %2d. %s", number, step.description()));
        if (step.url() != null) {
            out.println("      " + step.url() + (step.status() < 0 ? "" : " -> HTTP " + step.status()));
        }
        out.println("      " + step.outcome());
        out.flush();
    }

    private List<DoctorCheck> checks(CliContext context, ServerConfig server, ServerAuthorization auth) {
        List<DoctorCheck> checks = new ArrayList<>();
        checks.add(DoctorCheck.ok("authorization server", auth.issuer() + describeSource(auth)));
        checks.add(auth.s256Supported()
                ? DoctorCheck.ok("PKCE", "the authorization server advertises S256")
                : DoctorCheck.fail("PKCE", "the authorization server does not list S256 in code_challenge_methods_supported",
                        ErrorCode.PKCE_UNSUPPORTED.hint(), ErrorCode.PKCE_UNSUPPORTED.code()));
        checks.add(clientIdentity(context, server, auth));
        checks.add(scopes(server, auth));
        checks.add(callback(context.config(), server));
        checks.add(credentials(context, server, auth));
        return checks;
    }

    private static String describeSource(ServerAuthorization auth) {
        switch (auth.source()) {
            case LEGACY_ORIGIN_METADATA:
                return " (no protected resource metadata: the server's origin acts as authorization server, MCP 2025-03-26)";
            case LEGACY_DEFAULT_ENDPOINTS:
                return " (no metadata at all: default /authorize, /token and /register endpoints, MCP 2025-03-26)";
            default:
                return " (from the protected resource metadata)";
        }
    }

    private DoctorCheck clientIdentity(CliContext context, ServerConfig server, ServerAuthorization auth) {
        String topic = "client identity";
        if (server.clientId() != null) {
            try {
                Optional<PreRegistered> client = context.preRegistered(server);
                return DoctorCheck.ok(topic, "pre-registered client `" + server.clientId() + "`"
                        + (client.orElseThrow().clientSecret() != null ? " with its secret from $" + server.clientSecretEnv() : ""));
            } catch (CliException e) {
                return DoctorCheck.fail(topic, e.detail(), e.hint(), e.code());
            }
        }
        List<String> ways = new ArrayList<>();
        if (auth.clientIdMetadataDocumentSupported()) {
            ways.add("a Client ID Metadata Document URL (login --client-metadata-url-base URL)");
        }
        auth.registrationEndpoint().ifPresent(endpoint -> ways.add("dynamic client registration at " + endpoint));
        if (ways.isEmpty()) {
            return DoctorCheck.fail(topic, "no client_id is configured, and the server supports neither Client ID Metadata"
                            + " Documents nor dynamic client registration",
                    "Register a client with the provider, then set `client_id` under [mcp_servers." + name + ".oauth]"
                            + " (mcp-oauth add " + name + " --url URL --client-id ID).",
                    ErrorCode.NO_CLIENT_IDENTITY.code());
        }
        return DoctorCheck.ok(topic, String.join("; or ", ways));
    }

    private static DoctorCheck scopes(ServerConfig server, ServerAuthorization auth) {
        if (server.scopes() != null) {
            return DoctorCheck.ok("scopes", server.scopes().isEmpty() ? "none requested (scopes = [] in the config)"
                    : "configured: " + String.join(" ", server.scopes()));
        }
        List<String> discovered = auth.discoveredScopes();
        return DoctorCheck.ok("scopes", discovered.isEmpty() ? "none advertised; none will be requested"
                : "discovered: " + String.join(" ", discovered)
                        + (auth.challengeScopes().isEmpty() ? " (scopes_supported)" : " (from the 401 challenge)"));
    }

    private static DoctorCheck callback(McpOAuthConfig config, ServerConfig server) {
        try {
            CallbackEndpoint endpoint = CallbackEndpoint.resolve(CallbackId.of(server.url().toString()),
                    config.callbackPort(), config.callbackUrl());
            String where = endpoint.bindPort() == 0
                    ? endpoint.template().toString().replace(":0/", ":<free port>/")
                    : endpoint.template().toString();
            return DoctorCheck.ok("callback", "redirect URI " + where);
        } catch (McpOAuthException e) {
            return DoctorCheck.fail("callback", e.detail(), e.hint(), e.code().code());
        }
    }

    private DoctorCheck credentials(CliContext context, ServerConfig server, ServerAuthorization auth) {
        String topic = "credentials";
        Optional<StoredCredentials> stored;
        try {
            stored = context.store().load(ServerLogins.key(server));
        } catch (McpOAuthException e) {
            return DoctorCheck.fail(topic, e.detail(), e.hint(), e.code().code());
        }
        if (stored.isEmpty()) {
            return DoctorCheck.ok(topic, "not logged in yet");
        }
        StoredCredentials credentials = stored.get();
        if (!credentials.issuer().equals(auth.issuer())) {
            return DoctorCheck.warn(topic, "the stored tokens were issued by " + credentials.issuer()
                    + ", but the server now uses " + auth.issuer(), "Run `mcp-oauth login " + name + "` to log in again.");
        }
        Instant expiresAt = credentials.tokens().expiresAt();
        boolean expired = expiresAt != null && expiresAt.isBefore(Instant.now());
        boolean refreshable = credentials.tokens().hasRefreshToken();
        String message = "logged in, access token " + (expiresAt == null ? "without stated expiry"
                : (expired ? "" : "expires ") + Expiry.describe(expiresAt, Instant.now()))
                + (refreshable ? ", refresh token stored" : ", no refresh token");
        if (expired && !refreshable) {
            return DoctorCheck.warn(topic, message, "Run `mcp-oauth login " + name + "` to log in again.");
        }
        return DoctorCheck.ok(topic, message);
    }

    private Verdict verdict(ServerConfig server, ServerAuthorization auth, McpOAuthException failure, List<DoctorCheck> checks) {
        boolean bearer = server.bearerTokenEnvVar() != null;
        if (failure != null) {
            if (bearer && failure.code() == ErrorCode.OAUTH_UNSUPPORTED) {
                return new Verdict(true, null, "'" + name + "' uses the bearer token in $" + server.bearerTokenEnvVar()
                        + " and does not ask for OAuth", null, ExitCodes.OK);
            }
            return new Verdict(false, failure.code().code(), "cannot log in: " + failure.detail(),
                    fixFor(failure), ExitCodes.of(failure.code()));
        }
        for (DoctorCheck check : checks) {
            if (check.level() == DoctorCheck.Level.FAIL) {
                ErrorCode code = codeOf(check.code());
                return new Verdict(false, check.code(), "cannot log in: " + check.message(), check.fix(),
                        code == null ? ExitCodes.USAGE : ExitCodes.of(code));
            }
        }
        boolean loggedIn = checks.stream().anyMatch(c -> c.topic().equals("credentials") && c.message().startsWith("logged in"));
        String message = loggedIn ? "OAuth is set up and you are logged in to '" + name + "'"
                : "OAuth is set up; '" + name + "' is ready for a login";
        String fix = loggedIn ? "`mcp-oauth token " + name + "` prints a valid access token." : "Run `mcp-oauth login " + name + "`.";
        for (DoctorCheck check : checks) {
            if (check.level() == DoctorCheck.Level.WARN) {
                fix = check.fix();
            }
        }
        return new Verdict(true, null, message, fix, ExitCodes.OK);
    }

    private static ErrorCode codeOf(String code) {
        for (ErrorCode candidate : ErrorCode.values()) {
            if (candidate.code().equals(code)) {
                return candidate;
            }
        }
        return null;
    }

    /** What to do about a failed discovery, more specific than the error's own hint where the steps say more. */
    private String fixFor(McpOAuthException failure) {
        switch (failure.code()) {
            case UNREACHABLE:
            case TIMEOUT:
                return "Check the URL in the config (mcp-oauth list), your network and proxy settings; the server did not answer.";
            case OAUTH_UNSUPPORTED:
                return "The server did not ask for a token. If it needs a static one, set `bearer_token_env_var` under"
                        + " [mcp_servers." + name + "]; otherwise no login is needed.";
            case RESOURCE_MISMATCH:
                return "The metadata names another resource. If the server sits behind a proxy that publishes its upstream"
                        + " name, and you trust it, set `oauth_resource` under [mcp_servers." + name + "] to that resource;"
                        + " otherwise report it to the server's operator.";
            case MALFORMED_RESPONSE:
                return "A document in the steps above is not the JSON the specification requires (the reference reports"
                        + " this as \"failed to parse metadata\"); send the failing URL to the server's operator.";
            default:
                return failure.hint();
        }
    }

    private static void printChecksAndVerdict(PrintStream out, List<DoctorCheck> checks, Verdict verdict) {
        if (!checks.isEmpty()) {
            out.println();
            out.println("Checks:");
            for (DoctorCheck check : checks) {
                out.println(String.format("  %-4s  %s: %s", check.level().label(), check.topic(), check.message()));
                if (check.fix() != null && check.level() != DoctorCheck.Level.OK) {
                    out.println("        fix: " + check.fix());
                }
            }
        }
        out.println();
        out.println("Verdict: " + (verdict.ok() ? "OK: " : "") + verdict.message()
                + (verdict.code() == null ? "" : " (" + verdict.code() + ")") + ".");
        if (verdict.fix() != null) {
            out.println((verdict.ok() ? "Next: " : "Fix: ") + verdict.fix());
        }
        out.flush();
    }

    private void printJson(PrintStream out, ServerConfig server, List<DiscoveryStep> steps, List<DoctorCheck> checks,
                           Verdict verdict) {
        ObjectNode root = JsonOutput.object();
        root.put("name", name);
        root.put("url", server.url().toString());
        ArrayNode stepArray = root.putArray("steps");
        for (DiscoveryStep step : steps) {
            ObjectNode node = stepArray.addObject();
            node.put("description", step.description());
            node.put("url", step.url() == null ? null : step.url().toString());
            if (step.status() < 0) {
                node.putNull("status");
            } else {
                node.put("status", step.status());
            }
            node.put("outcome", step.outcome());
        }
        ArrayNode checkArray = root.putArray("checks");
        for (DoctorCheck check : checks) {
            ObjectNode node = checkArray.addObject();
            node.put("level", check.level().label());
            node.put("topic", check.topic());
            node.put("message", check.message());
            node.put("fix", check.fix());
            node.put("code", check.code());
        }
        ObjectNode verdictNode = root.putObject("verdict");
        verdictNode.put("ok", verdict.ok());
        verdictNode.put("code", verdict.code());
        verdictNode.put("message", verdict.message());
        verdictNode.put("fix", verdict.fix());
        JsonOutput.print(out, root);
    }
}

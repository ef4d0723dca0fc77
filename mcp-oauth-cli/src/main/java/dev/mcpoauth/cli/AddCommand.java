package dev.mcpoauth.cli;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.cli.config.ConfigEditor;
import dev.mcpoauth.cli.config.ServerEntry;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.discovery.AuthorizationDiscovery;
import dev.mcpoauth.discovery.DiscoveryOptions;
import dev.mcpoauth.discovery.ServerAuthorization;
import dev.mcpoauth.internal.Urls;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcp-oauth add NAME --url URL ...}: appends a {@code [mcp_servers.NAME]} table to
 * config.toml (comments and other keys untouched), then probes the server and says whether it
 * advertises OAuth.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add a streamable HTTP server to config.toml and check whether it supports OAuth.")
final class AddCommand implements Callable<Integer> {
    /** How long the OAuth check after adding may take per HTTP exchange. */
    static final Duration DETECT_TIMEOUT = Duration.ofSeconds(5);
    /** The reference's server names: they become TOML keys and credential keys. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    @ParentCommand
    private McpOAuthCommand root;

    @Parameters(index = "0", paramLabel = "NAME", description = "Name for the server: letters, digits, `-` and `_`.")
    private String name;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The server's streamable HTTP endpoint.")
    private String url;

    @Option(names = "--scopes", paramLabel = "a,b", description = "Scopes to request at login (`\"\"` for none).")
    private String scopes;

    @Option(names = "--oauth-resource", paramLabel = "R", description = "Resource indicator to send instead of the URL.")
    private String oauthResource;

    @Option(names = "--client-id", paramLabel = "ID", description = "A client pre-registered with the provider.")
    private String clientId;

    @Option(names = "--client-secret-env", paramLabel = "VAR",
            description = "Environment variable holding that client's secret.")
    private String clientSecretEnv;

    @Option(names = "--bearer-token-env-var", paramLabel = "VAR",
            description = "Environment variable holding a static bearer token (no OAuth login).")
    private String bearerTokenEnvVar;

    @Option(names = "--header", paramLabel = "K=V", description = "Static HTTP header for discovery and token requests.")
    private Map<String, String> headers = new LinkedHashMap<>();

    @Option(names = "--env-header", paramLabel = "K=VAR", description = "HTTP header whose value comes from an environment variable.")
    private Map<String, String> envHeaders = new LinkedHashMap<>();

    @Override
    public Integer call() {
        CliContext context = root.context();
        ServerEntry entry = entry();
        new ConfigEditor(context.configFile()).add(entry);
        context.reloadConfig();
        PrintStream out = context.out();
        out.println("Added MCP server '" + name + "' (" + url.trim() + ") to " + context.configFile() + ".");
        ServerConfig server = context.httpServer(name);
        if (bearerTokenEnvVar != null) {
            out.println("It authenticates with the bearer token in $" + bearerTokenEnvVar + "; no login needed.");
            return ExitCodes.OK;
        }
        try {
            ServerAuthorization auth = new AuthorizationDiscovery(context.transport(server, DETECT_TIMEOUT))
                    .discover(server.url(), new DiscoveryOptions(server.oauthResource()));
            out.println("OAuth support detected: authorization server " + auth.issuer() + ".");
            out.println("Next: mcp-oauth login " + name);
        } catch (McpOAuthException e) {
            out.println(describeFailure(e));
            out.println("Details: mcp-oauth doctor " + name);
        }
        return ExitCodes.OK;
    }

    private static String describeFailure(McpOAuthException e) {
        if (e.code() == ErrorCode.OAUTH_UNSUPPORTED) {
            return "OAuth support not detected: " + e.detail() + ".";
        }
        if (e.code() == ErrorCode.UNREACHABLE || e.code() == ErrorCode.TIMEOUT) {
            return "Could not check for OAuth support: " + e.detail() + ".";
        }
        return "The server asks for OAuth, but its setup has a problem (" + e.code().code() + "): " + e.detail() + ".";
    }

    private ServerEntry entry() {
        if (!NAME.matcher(name).matches()) {
            throw CliException.usage("invalid server name `" + name + "`",
                    "Use 1 to 64 letters, digits, `-` and `_`, e.g. `linear` or `docs-prod`.");
        }
        try {
            URI canonical = Urls.canonical(url, "URL");
            if (!canonical.getScheme().equals("http") && !canonical.getScheme().equals("https")) {
                throw CliException.usage("invalid --url `" + url + "`: only http and https servers can be added",
                        "Give the server's streamable HTTP endpoint, e.g. https://mcp.example.com/mcp.");
            }
        } catch (McpOAuthException e) {
            throw CliException.usage("invalid --url `" + url + "`: not an absolute URL with a host",
                    "Give the server's streamable HTTP endpoint, e.g. https://mcp.example.com/mcp.");
        }
        if (clientSecretEnv != null && clientId == null) {
            throw CliException.usage("--client-secret-env needs --client-id", "Give the pre-registered client's id too.");
        }
        checkVariable("--client-secret-env", clientSecretEnv);
        checkVariable("--bearer-token-env-var", bearerTokenEnvVar);
        headers.forEach((header, value) -> {
            checkHeaderName("--header", header);
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw CliException.usage("invalid --header " + header + ": the value contains a line break",
                        "Give the value on one line.");
            }
        });
        envHeaders.forEach((header, variable) -> {
            checkHeaderName("--env-header", header);
            checkVariable("--env-header " + header, variable);
        });
        return ServerEntry.builder(name, url.trim())
                .scopes(scopes == null ? null : ScopeList.parse(scopes))
                .oauthResource(oauthResource)
                .bearerTokenEnvVar(bearerTokenEnvVar)
                .httpHeaders(headers)
                .envHttpHeaders(envHeaders)
                .clientId(clientId)
                .clientSecretEnv(clientSecretEnv)
                .build();
    }

    private static void checkVariable(String option, String variable) {
        if (variable != null && !ENV_VAR.matcher(variable).matches()) {
            throw CliException.usage("invalid " + option + " `" + variable + "`: not an environment variable name",
                    "Use letters, digits and `_`, not starting with a digit, e.g. MY_TOKEN.");
        }
    }

    private static void checkHeaderName(String option, String header) {
        if (!HEADER_NAME.matcher(header).matches()) {
            throw CliException.usage("invalid " + option + " name `" + header + "`", "Use an HTTP header name such as X-Tenant.");
        }
    }
}

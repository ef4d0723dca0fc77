package dev.mcpoauth.cli;

import dev.mcpoauth.cli.terminal.BrowserLauncher;
import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.discovery.DiscoveryCache;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.LoginObserver;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.login.LoginResult;
import dev.mcpoauth.registration.RegistrationMode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcp-oauth login NAME}: a browser login with PKCE through a loopback callback, or by
 * pasting the final redirect URL when the browser runs on another machine.
 *
 * <p>Scopes, as the reference resolves them: {@code --scopes} &gt; the config's {@code scopes}
 * (an explicit empty list counts) &gt; discovered &gt; none; discovered scopes rejected with
 * {@code invalid_scope} are dropped for one retry.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {
            "Log in to a server: opens the browser, waits for the approval, stores the tokens.",
            "On a remote machine (SSH, container), open the URL anywhere and paste the final redirect URL back here."
        })
final class LoginCommand implements Callable<Integer> {
    /** Discovery results kept between logins, in the mcp-oauth home. */
    static final String DISCOVERY_CACHE_FILE = "discovery-cache.json";

    @ParentCommand
    private McpOAuthCommand root;

    @Parameters(index = "0", paramLabel = "NAME", description = "The server's name in config.toml.")
    private String name;

    @Option(names = "--scopes", paramLabel = "a,b",
            description = "Scopes to request, instead of the configured or discovered ones (`\"\"` for none).")
    private String scopes;

    @Option(names = "--client-metadata-url-base", paramLabel = "URL",
            description = "Use a callback-scoped Client ID Metadata Document URL under this base as client_id"
                    + " when the server supports it (no registration).")
    private String clientMetadataUrlBase;

    @Option(names = "--registration", paramLabel = "MODE",
            description = "How to obtain a client id without a pre-registered one: auto (default), cimd or dcr.")
    private String registration;

    @Option(names = "--callback-port", paramLabel = "N",
            description = "Loopback port for the callback (default: mcp_oauth_callback_port, else a free port).")
    private Integer callbackPort;

    @Option(names = "--callback-url", paramLabel = "URL",
            description = "Redirect URL to register instead of http://127.0.0.1:PORT/callback/ID (default: mcp_oauth_callback_url).")
    private String callbackUrl;

    @Option(names = "--no-browser", description = "Print the URL without opening a browser.")
    private boolean noBrowser;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Give up after this many seconds (default: ${DEFAULT-VALUE}).")
    private long timeoutSeconds;

    @Override
    public Integer call() {
        CliContext context = root.context();
        McpOAuthConfig config = context.config();
        ServerConfig server = context.httpServer(name);
        if (timeoutSeconds <= 0) {
            throw CliException.usage("--timeout must be a positive number of seconds, not " + timeoutSeconds,
                    "Leave it out for the default of 300 s.");
        }
        RegistrationMode mode = registration == null ? RegistrationMode.AUTO : RegistrationMode.parse(registration);
        context.loginRequest(server); // a missing client secret fails here, before anything starts
        Integer port = callbackPort != null ? callbackPort : config.callbackPort();
        String redirectUrl = callbackUrl != null ? callbackUrl : config.callbackUrl();
        List<String> chosenScopes = scopes != null ? ScopeList.parse(scopes) : server.scopes();

        // The config part is the core's ServerLogins (the same as the app server's); the flags override it.
        Function<List<String>, LoginRequest> requests = requestScopes -> context.loginRequest(server)
                .scopes(requestScopes)
                .clientMetadataUrlBase(clientMetadataUrlBase)
                .registrationMode(mode)
                .callbackPort(port)
                .callbackUrl(redirectUrl)
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .build();
        LoginFlow flow = LoginFlow.builder()
                .credentialStore(context.store())
                .httpTransport(context.transport(server))
                // What discovery learnt outlives this process: the next login within the metadata's
                // lifetime (at most an hour) sends no discovery request. Public metadata only.
                .discoveryCache(DiscoveryCache.builder().file(context.home().resolve(DISCOVERY_CACHE_FILE)).build())
                .observer(context.verbose() ? stepsOn(context.err()) : LoginObserver.NONE)
                .build();
        BrowserLauncher browser = noBrowser ? BrowserLauncher.NONE : BrowserLauncher.system(context.environment());

        LoginResult result = new InteractiveLogin(context, browser).run(flow, requests, chosenScopes);
        printSuccess(context.out(), result);
        return ExitCodes.OK;
    }

    private void printSuccess(PrintStream out, LoginResult result) {
        out.println("Successfully logged in to MCP server '" + name + "'.");
        out.println("Granted scopes: " + (result.grantedScopes().isEmpty() ? "(none reported)"
                : String.join(" ", result.grantedScopes())));
        boolean refreshable = result.credentials().tokens().hasRefreshToken();
        if (result.expiresAt() == null) {
            out.println("The access token has no stated expiry.");
        } else {
            out.println("Access token expires " + Expiry.describeWithTime(result.expiresAt(), Instant.now())
                    + (refreshable ? "; it is refreshed automatically." : "; log in again after that (no refresh token)."));
        }
        out.flush();
    }

    private static LoginObserver stepsOn(PrintStream err) {
        return (step, message) -> {
            err.println("  step: " + message);
            err.flush();
        };
    }
}

package dev.mcpoauth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.config.ServerLogins;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.token.TokenManager;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcp-oauth token NAME [--json]}: a valid access token for scripts, refreshed first when it
 * expires within 30 s. Standard output carries the token and nothing else.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {
            "Print a valid access token for a server, refreshing it first if needed.",
            "Only the token goes to stdout, e.g. curl -H \"Authorization: Bearer $(mcp-oauth token docs)\" ..."
        })
final class TokenCommand implements Callable<Integer> {
    @ParentCommand
    private McpOAuthCommand root;

    @Parameters(index = "0", paramLabel = "NAME", description = "The server's name in config.toml.")
    private String name;

    @Option(names = "--json", description = "Print {accessToken, tokenType, expiresAt, scopes, issuer} as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        CliContext context = root.context();
        ServerConfig server = context.httpServer(name);
        ServerKey key = ServerLogins.key(server);
        // A stored token that stays valid past the refresh margin is handed out as is, without setting up
        // HTTP (TLS) at all; otherwise the token manager refreshes it under the store's lock.
        StoredCredentials credentials = context.store().load(key)
                .filter(stored -> !stored.tokens().expiresWithin(TokenManager.REFRESH_SKEW, Clock.systemUTC()))
                .orElse(null);
        String accessToken;
        if (credentials != null) {
            accessToken = credentials.tokens().accessToken();
        } else {
            TokenManager tokens = context.tokenManager(server);
            accessToken = tokens.accessToken(key);
            credentials = tokens.credentials(key).orElseThrow();
        }
        PrintStream out = context.out();
        if (!json) {
            out.println(accessToken);
            out.flush();
            return ExitCodes.OK;
        }
        ObjectNode node = JsonOutput.object();
        node.put("name", name);
        node.put("accessToken", accessToken);
        node.put("tokenType", credentials.tokens().tokenType());
        JsonOutput.putInstant(node, "expiresAt", credentials.tokens().expiresAt());
        JsonOutput.putStrings(node, "scopes", credentials.tokens().scopes());
        node.put("issuer", credentials.issuer());
        JsonOutput.print(out, node);
        return ExitCodes.OK;
    }
}

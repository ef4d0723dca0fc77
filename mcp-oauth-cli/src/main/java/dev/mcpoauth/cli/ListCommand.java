package dev.mcpoauth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.token.Tokens;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mcp-oauth list [--json]}: every configured server with its URL, auth status and token expiry. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {
            "List the configured servers: name, URL, auth status and token expiry.",
            "Auth status, in the reference's order: Bearer token (bearer_token_env_var or an Authorization header),"
                    + " OAuth (tokens stored), Not logged in (the server advertises OAuth), Unsupported."
        })
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    private McpOAuthCommand root;

    @Option(names = "--json", description = "Print {configFile, servers: [{name, url, authStatus, ...}]} as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        CliContext context = root.context();
        McpOAuthConfig config = context.config();
        List<ServerStatus> statuses = new AuthStatusResolver(context).resolve(config);
        Instant now = Instant.now();
        if (json) {
            printJson(context.out(), context, statuses);
        } else {
            printTable(context.out(), context, statuses, now);
        }
        return ExitCodes.OK;
    }

    private static void printTable(PrintStream out, CliContext context, List<ServerStatus> statuses, Instant now) {
        if (statuses.isEmpty()) {
            out.println("No MCP servers configured in " + context.configFile() + ".");
            out.println("Add one with: mcp-oauth add NAME --url URL");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "URL", "AUTH", "EXPIRES"});
        for (ServerStatus status : statuses) {
            ServerConfig server = status.server();
            rows.add(new String[] {server.name(), location(server), status.label(), expiry(status, now)});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i] + 2));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String location(ServerConfig server) {
        return server.isHttp() ? server.url().toString() : "(stdio) " + server.command();
    }

    private static String expiry(ServerStatus status, Instant now) {
        if (status.credentials() == null) {
            return "-";
        }
        Tokens tokens = status.credentials().tokens();
        String text = Expiry.describe(tokens.expiresAt(), now);
        boolean expired = tokens.expiresAt() != null && tokens.expiresAt().isBefore(now);
        if (expired) {
            text += tokens.hasRefreshToken() ? " (refreshes on use)" : " (log in again)";
        }
        return text;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static void printJson(PrintStream out, CliContext context, List<ServerStatus> statuses) {
        ObjectNode root = JsonOutput.object();
        root.put("configFile", context.configFile().toString());
        ArrayNode servers = root.putArray("servers");
        for (ServerStatus status : statuses) {
            ServerConfig server = status.server();
            ObjectNode node = servers.addObject();
            node.put("name", server.name());
            if (server.isHttp()) {
                node.put("url", server.url().toString());
            } else {
                node.putNull("url");
                node.put("command", server.command());
            }
            node.put("authStatus", status.status().wireName());
            node.put("detail", status.detail());
            if (status.credentials() != null) {
                Tokens tokens = status.credentials().tokens();
                JsonOutput.putInstant(node, "expiresAt", tokens.expiresAt());
                node.put("refreshable", tokens.hasRefreshToken());
                JsonOutput.putStrings(node, "scopes", tokens.scopes());
                node.put("issuer", status.credentials().issuer());
            } else {
                node.putNull("expiresAt");
            }
        }
        JsonOutput.print(out, root);
    }
}

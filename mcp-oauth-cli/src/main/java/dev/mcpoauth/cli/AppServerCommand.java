package dev.mcpoauth.cli;

import dev.mcpoauth.appserver.AppServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcp-oauth app-server}: the JSON-RPC app server on stdin/stdout (one JSON message per
 * line), for UI clients that drive logins ({@code mcpServer/oauth/login} and its completion
 * notification). Standard output carries protocol messages only; logs go to stderr.
 */
@Command(name = "app-server", mixinStandardHelpOptions = true,
        description = {
            "Serve JSON-RPC on stdin/stdout (one message per line) for UI clients:"
                    + " mcpServer/oauth/login, mcpServerStatus/list, config/mcpServer/reload, ...",
            "Runs until stdin closes. Logs go to stderr."
        })
final class AppServerCommand implements Callable<Integer> {
    @ParentCommand
    private McpOAuthCommand root;

    @Override
    public Integer call() {
        CliContext context = root.context();
        return AppServer.run(context.in(), context.out(), context.err(), context.environment(), context.configFile());
    }
}

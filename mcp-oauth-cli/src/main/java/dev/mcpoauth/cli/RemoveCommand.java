package dev.mcpoauth.cli;

import dev.mcpoauth.cli.config.ConfigEditor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcp-oauth remove NAME}: removes the server's table (and subtables) from config.toml, leaving
 * everything else as it was, and deletes its stored OAuth credentials.
 */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Remove a server from config.toml and delete its stored OAuth credentials.")
final class RemoveCommand implements Callable<Integer> {
    @ParentCommand
    private McpOAuthCommand root;

    @Parameters(index = "0", paramLabel = "NAME", description = "The server's name in config.toml.")
    private String name;

    @Override
    public Integer call() {
        CliContext context = root.context();
        new ConfigEditor(context.configFile()).remove(name);
        context.reloadConfig();
        context.out().println("Removed MCP server '" + name + "' from " + context.configFile() + ".");
        boolean removed = context.deleteCredentials(name);
        if (removed) {
            context.out().println("Removed OAuth credentials for '" + name + "'.");
        }
        return ExitCodes.OK;
    }
}

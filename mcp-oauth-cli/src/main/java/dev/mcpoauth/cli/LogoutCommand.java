package dev.mcpoauth.cli;

import dev.mcpoauth.config.ServerConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcp-oauth logout NAME}: removes the stored OAuth credentials of a server, with the
 * reference's messages. Entries stored for the same name under an older URL go too.
 */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = "Remove the stored OAuth credentials of a server.")
final class LogoutCommand implements Callable<Integer> {
    @ParentCommand
    private McpOAuthCommand root;

    @Parameters(index = "0", paramLabel = "NAME", description = "The server's name in config.toml.")
    private String name;

    @Override
    public Integer call() {
        CliContext context = root.context();
        Optional<ServerConfig> server = context.config().server(name);
        boolean removed = context.deleteCredentials(name);
        if (server.isEmpty() && !removed) {
            throw CliException.unknownServer(name);
        }
        context.out().println(removed
                ? "Removed OAuth credentials for '" + name + "'."
                : "No OAuth credentials stored for '" + name + "'.");
        return ExitCodes.OK;
    }
}

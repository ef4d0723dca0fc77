package dev.mcpoauth.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code mcp-oauth}: the root command and its global options; the subcommands are in {@link Commands}. */
@Command(name = "mcp-oauth",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "OAuth login for MCP servers: log in once, then hand valid access tokens to scripts and hosts.",
            "Config: $MCP_OAUTH_HOME/config.toml (default ~/.mcp-oauth), the reference host's keys; "
                    + "--config reads another file, such as a reference host's config.toml, as is."
        },
        synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:failure (login denied or timed out, token rejected, credential store error)",
            "2:usage error (bad option, unknown server, invalid config file)",
            "3:login required (run `mcp-oauth login NAME`)",
            "4:network error (server unreachable or too slow)",
            "5:the server's OAuth setup is unsupported or broken (see `mcp-oauth doctor NAME`)",
            "130:interrupted (Ctrl-C)",
        },
        footerHeading = "%nErrors:%n",
        footer = {
            "Errors are two lines on stderr, `error: <code>: <message>` and `hint: <what to do>`;"
                    + " --verbose adds the details. See docs/cli.md.",
        })
final class McpOAuthCommand implements Runnable {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    McpOAuthCommand(CliContext context) {
        this.context = context;
    }

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Read servers from this config.toml instead of $MCP_OAUTH_HOME/config.toml.")
    void config(Path file) {
        context.configOption(file);
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show each step, each HTTP exchange, and error details.")
    void verbose(boolean on) {
        context.verbose(on);
    }

    CliContext context() {
        return context;
    }

    @Override
    public void run() {
        // `mcp-oauth` alone: show the commands.
        spec.commandLine().usage(context.err());
        throw new CliException("usage", "no command given", "Run `mcp-oauth COMMAND`, e.g. `mcp-oauth list`.",
                ExitCodes.USAGE);
    }
}

package dev.mcpoauth.cli;

import dev.mcpoauth.mcpsdk.conformance.ConformanceClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcp-oauth conformance-client <url>} (hidden): runs one scenario of the official MCP
 * conformance suite, as named by {@code MCP_CONFORMANCE_SCENARIO} (with {@code MCP_CONFORMANCE_CONTEXT}),
 * against the URL the harness appends. Built on the MCP Java SDK plus the mcp-oauth adapter; exits
 * by itself within 20 s. See {@code conformance/run.sh}.
 */
@Command(name = "conformance-client", hidden = true, mixinStandardHelpOptions = true,
        description = {"Run one MCP conformance suite auth/* scenario (MCP_CONFORMANCE_SCENARIO,"
                + " MCP_CONFORMANCE_CONTEXT) against <url>.", "Exits by itself within 20 s."})
final class ConformanceClientCommand implements Callable<Integer> {
    @ParentCommand
    private McpOAuthCommand root;

    @Parameters(index = "0", paramLabel = "<url>", description = "The MCP server URL the harness appends.")
    private String url;

    @Override
    public Integer call() {
        CliContext context = root.context();
        ConformanceClient.startDeadline();
        return ConformanceClient.run(new String[] {url}, context.environment(), context.err());
    }
}

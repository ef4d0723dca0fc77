package dev.mcpoauth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code mcp-oauth demo}: two logins against embedded test servers and a tool call; see {@link Demo}. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Log in to embedded test servers twice (client metadata URL, then dynamic registration)"
                    + " and call a tool with the token. Writes nothing to disk."
        })
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    private McpOAuthCommand root;

    @Override
    public Integer call() {
        return new Demo(root.context().out()).run();
    }
}

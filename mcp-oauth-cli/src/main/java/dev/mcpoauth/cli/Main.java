package dev.mcpoauth.cli;

import java.io.PrintStream;

/**
 * Entry point of the {@code mcp-oauth} command. This build has one command, {@code demo}; login,
 * logout, list, token and doctor arrive with the CLI issue.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && args[0].equals("demo")) {
            return new Demo(out).run();
        }
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.println("Usage: mcp-oauth demo");
            out.println();
            out.println("  demo   log in to the embedded test servers twice (client metadata URL, then");
            out.println("         dynamic registration) and call a tool with the token");
            return args.length == 0 ? 2 : 0;
        }
        err.println("error: unknown command `" + String.join(" ", args) + "`");
        err.println("hint: run `mcp-oauth --help` to see the available commands.");
        return 2;
    }
}

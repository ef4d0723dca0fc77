package dev.mcpoauth.cli;

import dev.mcpoauth.cli.terminal.Terminal;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of the {@code mcp-oauth} command.
 *
 * <pre>
 * mcp-oauth add docs --url https://mcp.example.com/mcp
 * mcp-oauth login docs
 * curl -H "Authorization: Bearer $(mcp-oauth token docs)" ...
 * </pre>
 *
 * <p>Commands: {@code login}, {@code logout}, {@code list}, {@code token}, {@code doctor},
 * {@code add}, {@code remove}, {@code demo}, {@code app-server}, {@code completion}. Exit codes:
 * {@link ExitCodes}. The command reference is {@code docs/cli.md}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        configureLogging(Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose"));
        int exit = run(args, System.getenv(), System.in, System.out, System.err, Terminal.detect());
        System.out.flush();
        System.err.flush();
        System.exit(exit);
    }

    /** Runs one command line and returns its exit code; never calls {@link System#exit}. */
    static int run(String[] args, Map<String, String> environment, InputStream in, PrintStream out, PrintStream err,
                   Terminal terminal) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // What picocli prints for the root's --version, without building the command model first
            // (most of the command's start-up time).
            for (String line : new Version().getVersion()) {
                out.println(line);
            }
            out.flush();
            return ExitCodes.OK;
        }
        CliContext context = new CliContext(environment, in, out, err, terminal);
        // No option takes a java.sql or java.time value: skip registering those converters (reflection at start-up).
        setDefault("picocli.converters.excludes", "java.sql.*,java.time.*");
        // No Groovy here: skip picocli's Class.forName("groovy.lang.Closure"), a failing class-path search.
        setDefault("picocli.disable.closures", "true");
        CommandLine commandLine = new CommandLine(new McpOAuthCommand(context));
        Commands.register(commandLine, args);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((e, arguments) -> usageError(e, err));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> new ErrorReporter(err, context.verbose()).report(e));
        return commandLine.execute(args);
    }

    private static int usageError(ParameterException e, PrintStream err) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        String message = e.getMessage().strip().replace('\n', ' ');
        String hint = "Run `" + command + " --help` to see the options.";
        if (e instanceof UnmatchedArgumentException unmatched && e.getCommandLine().getParent() == null
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            message = "unknown command `" + unmatched.getUnmatched().get(0) + "`";
            hint = "Run `mcp-oauth --help` to see the commands.";
        }
        err.println("error: usage: " + message);
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                hint = "Did you mean `" + suggestions.get(0) + "`? " + hint;
            }
        }
        err.println("hint: " + hint);
        err.flush();
        return ExitCodes.USAGE;
    }

    /** slf4j-simple on stderr: warnings only, everything of mcp-oauth with --verbose. Explicit -D settings win. */
    private static void configureLogging(boolean verbose) {
        // Name the provider (slf4j-simple, a dependency of this module) instead of letting slf4j search
        // every jar and JDK module for one: the search is a noticeable part of a command's start-up. Its
        // "SLF4J(I): Attempting to load provider ..." notice is silenced; slf4j's warnings still show.
        setDefault("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        setDefault("slf4j.internal.verbosity", "WARN");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (verbose) {
            setDefault("org.slf4j.simpleLogger.log.dev.mcpoauth", "debug");
        }
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.showLogName", "false");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

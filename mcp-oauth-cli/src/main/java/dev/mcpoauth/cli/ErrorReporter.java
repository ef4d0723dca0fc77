package dev.mcpoauth.cli;

import dev.mcpoauth.McpOAuthException;
import java.io.PrintStream;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns any failure into the CLI's two lines on stderr, {@code error: <code>: <detail>} and
 * {@code hint: <what to do>}, and an exit code. Never a stack trace unless {@code --verbose}.
 * Messages of {@link McpOAuthException} never hold tokens, so they are printed as they are.
 */
final class ErrorReporter {
    private final PrintStream err;
    private final boolean verbose;

    ErrorReporter(PrintStream err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    /** Prints the failure and returns the exit code for it. */
    int report(Throwable failure) {
        Throwable cause = unwrap(failure);
        String code;
        String detail;
        String hint;
        int exit;
        if (cause instanceof McpOAuthException oauth) {
            code = oauth.code().code();
            detail = oauth.detail();
            hint = oauth.hint();
            exit = ExitCodes.of(oauth.code());
        } else if (cause instanceof CliException cli) {
            code = cli.code();
            detail = cli.detail();
            hint = cli.hint();
            exit = cli.exitCode();
        } else {
            code = "internal";
            detail = "unexpected " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage()));
            hint = "Run again with --verbose for details, and report this if it persists.";
            exit = ExitCodes.FAILURE;
        }
        err.println("error: " + code + ": " + firstLine(detail));
        if (hint != null && !hint.isBlank()) {
            err.println("hint: " + firstLine(hint));
        }
        if (verbose) {
            err.println("detail:");
            cause.printStackTrace(err);
        }
        err.flush();
        return exit;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String firstLine(String text) {
        String oneLine = text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
        return oneLine.strip();
    }
}

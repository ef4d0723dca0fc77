package dev.mcpoauth.appserver;

import java.io.PrintStream;

/**
 * The app server's own log lines, on stderr (stdout carries only protocol messages). Lines name
 * servers and outcomes, never tokens, codes or authorization URLs.
 */
final class ServerLog {
    private static final String PREFIX = "mcp-oauth app-server: ";

    private final PrintStream err;

    ServerLog(PrintStream err) {
        this.err = err;
    }

    void info(String message) {
        err.println(PREFIX + message);
        err.flush();
    }
}

package dev.mcpoauth.cli;

/**
 * A failure the command line itself detects (unknown server, bad option value), reported like a
 * {@link dev.mcpoauth.McpOAuthException}: {@code error: <code>: <detail>} and {@code hint: <hint>}.
 *
 * <p>Codes: {@code usage}, {@code unknown_server}, {@code not_http}, {@code server_exists},
 * {@code config_edit_failed}, {@code missing_secret}, {@code internal}.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String detail;
    private final String hint;
    private final int exitCode;

    public CliException(String code, String detail, String hint, int exitCode) {
        super(detail);
        this.code = code;
        this.detail = detail;
        this.hint = hint;
        this.exitCode = exitCode;
    }

    /** The reference's message for a name missing from the config. */
    public static CliException unknownServer(String name) {
        return new CliException("unknown_server", "No MCP server named '" + name + "' found.",
                "Run `mcp-oauth list` to see the configured servers, or `mcp-oauth add " + name + " --url URL` to add it.",
                ExitCodes.USAGE);
    }

    /** The reference's message for a stdio server. */
    public static CliException notHttp(String name) {
        return new CliException("not_http", "OAuth login is only supported for streamable HTTP servers.",
                "'" + name + "' is a stdio server (it has a `command`, no `url`); it needs no login.", ExitCodes.USAGE);
    }

    public static CliException usage(String detail, String hint) {
        return new CliException("usage", detail, hint, ExitCodes.USAGE);
    }

    public String code() {
        return code;
    }

    public String detail() {
        return detail;
    }

    public String hint() {
        return hint;
    }

    public int exitCode() {
        return exitCode;
    }
}

package dev.mcpoauth.cli;

import dev.mcpoauth.ErrorCode;

/**
 * The exit codes of {@code mcp-oauth}, part of its scripting contract (also listed by
 * {@code mcp-oauth --help} and in {@code docs/cli.md}).
 *
 * <pre>{@code
 * mcp-oauth token docs > token.txt
 * case $? in
 *   0) ;;                                   # token.txt holds a valid access token
 *   3) mcp-oauth login docs ;;              # log in first
 *   4) echo "server unreachable, retry" ;;
 * esac
 * }</pre>
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The operation failed: login denied or timed out, token rejected, credential store error. */
    public static final int FAILURE = 1;
    /** Bad command line, unknown server name, invalid config file. */
    public static final int USAGE = 2;
    /** No usable credentials: run {@code mcp-oauth login NAME}. */
    public static final int LOGIN_REQUIRED = 3;
    /** A server could not be reached or answered too slowly. */
    public static final int NETWORK = 4;
    /** The server's OAuth setup is unsupported or broken (discovery, metadata, registration, PKCE). */
    public static final int SERVER_SETUP = 5;
    /** Interrupted by Ctrl-C (128 + SIGINT), as shells report it. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** The exit code for a failure with this error code. */
    public static int of(ErrorCode code) {
        switch (code) {
            case INVALID_INPUT:
                return USAGE;
            case LOGIN_REQUIRED:
            case INVALID_GRANT:
                return LOGIN_REQUIRED;
            case UNREACHABLE:
            case TIMEOUT:
                return NETWORK;
            case OAUTH_UNSUPPORTED:
            case RESOURCE_MISMATCH:
            case ISSUER_MISMATCH:
            case METADATA_NOT_FOUND:
            case PKCE_UNSUPPORTED:
            case NO_CLIENT_IDENTITY:
            case CIMD_UNSUPPORTED:
            case DCR_UNSUPPORTED:
            case REGISTRATION_REJECTED:
            case MALFORMED_RESPONSE:
            case REDIRECT_REFUSED:
            case ADDRESS_REFUSED:
            case RESPONSE_TOO_LARGE:
            case INSECURE_ENDPOINT:
                return SERVER_SETUP;
            default:
                return FAILURE;
        }
    }
}

package dev.mcpoauth;

import java.util.Objects;

/**
 * The one exception type of mcp-oauth: a stable {@link ErrorCode} plus a human message.
 *
 * <p>{@link #getMessage()} is {@code detail + " " + hint}: what went wrong, then what to do next.
 * Messages never contain tokens or secrets; callers may log or show them as they are.
 *
 * <pre>{@code
 * try {
 *     login.result().join();
 * } catch (CompletionException e) {
 *     if (e.getCause() instanceof McpOAuthException oauth) {
 *         System.err.println(oauth.code().code() + ": " + oauth.getMessage());
 *     }
 * }
 * }</pre>
 */
public final class McpOAuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String detail;
    private final String hint;

    public McpOAuthException(ErrorCode code, String detail) {
        this(code, detail, code.hint(), null);
    }

    public McpOAuthException(ErrorCode code, String detail, Throwable cause) {
        this(code, detail, code.hint(), cause);
    }

    /** With a hint more specific than the code's default one. */
    public McpOAuthException(ErrorCode code, String detail, String hint, Throwable cause) {
        super(join(detail, hint), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.hint = hint == null ? "" : hint;
    }

    private static String join(String detail, String hint) {
        if (hint == null || hint.isEmpty()) {
            return detail;
        }
        return detail.endsWith(".") ? detail + " " + hint : detail + ". " + hint;
    }

    /** The stable error code. */
    public ErrorCode code() {
        return code;
    }

    /** What went wrong, without the hint. */
    public String detail() {
        return detail;
    }

    /** What to do next. Empty when there is no advice beyond the detail. */
    public String hint() {
        return hint;
    }
}

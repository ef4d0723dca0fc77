package dev.mcpoauth;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

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

    /** An OAuth error code as servers send them (RFC 6749 §4.1.2.1, §5.2), short and plain. */
    private static final Pattern OAUTH_ERROR = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final ErrorCode code;
    private final String detail;
    private final String hint;
    private final String oauthError;

    public McpOAuthException(ErrorCode code, String detail) {
        this(code, detail, code.hint(), null);
    }

    public McpOAuthException(ErrorCode code, String detail, Throwable cause) {
        this(code, detail, code.hint(), cause);
    }

    /** With a hint more specific than the code's default one. */
    public McpOAuthException(ErrorCode code, String detail, String hint, Throwable cause) {
        this(code, detail, hint, cause, null);
    }

    private McpOAuthException(ErrorCode code, String detail, String hint, Throwable cause, String oauthError) {
        super(join(detail, hint), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.hint = hint == null ? "" : hint;
        this.oauthError = oauthError;
    }

    /**
     * A failure the authorization server reported with an OAuth error code, e.g. {@code invalid_scope}
     * in an authorization response or {@code invalid_grant} from the token endpoint. The code is
     * kept only when it looks like one (letters, digits, {@code _ . : -}, at most 64), so
     * {@link #oauthError()} never carries arbitrary server text.
     */
    public static McpOAuthException fromServer(ErrorCode code, String oauthError, String detail, String hint) {
        String kept = oauthError != null && OAUTH_ERROR.matcher(oauthError).matches() ? oauthError : null;
        return new McpOAuthException(code, detail, hint == null ? code.hint() : hint, null, kept);
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

    /**
     * The OAuth error code the authorization server answered with (RFC 6749 §4.1.2.1, §5.2), when
     * this failure is one: decide on it rather than on the message text.
     *
     * <pre>{@code
     * if (e.oauthError().filter("invalid_scope"::equals).isPresent()) { ... retry without scopes ... }
     * }</pre>
     */
    public Optional<String> oauthError() {
        return Optional.ofNullable(oauthError);
    }
}

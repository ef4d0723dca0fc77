package dev.mcpoauth.cli.terminal;

import dev.mcpoauth.authorize.CallbackParameters;
import java.net.URI;
import java.util.Optional;

/**
 * Reads what a user pasted for the remote login flow: the address the browser showed after the
 * authorization server redirected it to a loopback address it could not reach (the login ran on
 * another machine). Checks only the shape; {@code state} and {@code iss} are checked by
 * {@link dev.mcpoauth.login.PendingLogin#completeWithRedirectUrl}.
 *
 * <pre>{@code
 * URI pasted = RedirectPaste.parse(line, login.redirectUri());   // throws with a retry message
 * }</pre>
 */
public final class RedirectPaste {
    private RedirectPaste() {
    }

    /** Why a pasted line was not accepted; the message says what to paste instead. */
    public static final class NotARedirect extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotARedirect(String message) {
            super(message);
        }
    }

    /**
     * The redirect URL in {@code pasted}: a whole URL, or just its query ({@code code=...&state=...},
     * with or without {@code ?}), which is then put on {@code redirectUri}. Surrounding quotes,
     * angle brackets and spaces are ignored.
     *
     * @throws NotARedirect when it is neither, or has no {@code state}
     */
    public static URI parse(String pasted, URI redirectUri) {
        String text = strip(pasted);
        URI url;
        if (text.regionMatches(true, 0, "http://", 0, 7) || text.regionMatches(true, 0, "https://", 0, 8)) {
            try {
                url = URI.create(text);
            } catch (IllegalArgumentException e) {
                throw new NotARedirect("That is not a valid URL. Paste the whole address from the browser's address bar.");
            }
        } else if (text.contains("state=")) {
            String query = text.startsWith("?") ? text.substring(1) : text;
            try {
                url = URI.create(withoutQuery(redirectUri) + "?" + query);
            } catch (IllegalArgumentException e) {
                throw new NotARedirect("That is not a valid query string. Paste the whole address from the browser's address bar.");
            }
        } else {
            throw new NotARedirect("That does not look like the redirect address. Paste the whole address from the"
                    + " browser's address bar; it starts with " + withoutQuery(redirectUri) + ".");
        }
        if (url.getRawPath() != null && redirectUri.getRawPath() != null && !url.getRawPath().equals(redirectUri.getRawPath())) {
            throw new NotARedirect("That address is not this login's redirect: its path is " + url.getRawPath()
                    + ", expected " + redirectUri.getRawPath() + ".");
        }
        if (stateOf(url).isEmpty()) {
            throw new NotARedirect("That address has no `state` parameter. Paste the address the browser shows"
                    + " after you approve, including everything after `?`.");
        }
        return url;
    }

    /** The {@code state} parameter of a URL, if present. */
    public static Optional<String> stateOf(URI url) {
        return CallbackParameters.parseUrl(url).get("state");
    }

    private static String strip(String pasted) {
        String text = pasted == null ? "" : pasted.strip();
        while (text.length() >= 2 && (text.startsWith("\"") && text.endsWith("\"") || text.startsWith("'") && text.endsWith("'")
                || text.startsWith("<") && text.endsWith(">"))) {
            text = text.substring(1, text.length() - 1).strip();
        }
        return text;
    }

    private static String withoutQuery(URI uri) {
        String s = uri.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }
}

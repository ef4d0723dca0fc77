package dev.mcpoauth.testkit;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** Redirect URI rules: which URIs may be registered and when a requested URI matches a registered one. */
final class RedirectUris {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "localhost");

    private RedirectUris() {
    }

    /** Parses an absolute URI without fragment; {@code null} if the text is not one. */
    static URI parse(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() && uri.getRawFragment() == null && !uri.isOpaque() ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** {@code http} with a loopback host (127.0.0.1, [::1] or localhost) and no user info. */
    static boolean isLoopbackHttp(URI uri) {
        return uri != null && "http".equalsIgnoreCase(uri.getScheme()) && uri.getRawUserInfo() == null
                && uri.getHost() != null && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
    }

    /** What dynamic registration accepts: loopback {@code http}, or {@code https} with a host; never a fragment. */
    static boolean isRegistrable(String text) {
        URI uri = parse(text);
        if (uri == null) {
            return false;
        }
        return isLoopbackHttp(uri) || ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null);
    }

    /** Whether {@code requested} matches any of {@code registered} (see {@link #matches(String, String)}). */
    static boolean matchesAny(List<String> registered, String requested) {
        return registered.stream().anyMatch(r -> matches(r, requested));
    }

    /**
     * Exact string comparison, except that for a registered loopback {@code http} URI any port is allowed (RFC 8252
     * §7.3) as long as scheme, host, path and query are identical.
     */
    static boolean matches(String registered, String requested) {
        if (registered.equals(requested)) {
            return true;
        }
        URI reg = parse(registered);
        URI req = parse(requested);
        return isLoopbackHttp(reg) && isLoopbackHttp(req)
                && reg.getScheme().equals(req.getScheme())
                && reg.getHost().equalsIgnoreCase(req.getHost())
                && Objects.equals(reg.getRawPath(), req.getRawPath())
                && Objects.equals(reg.getRawQuery(), req.getRawQuery());
    }
}

package dev.mcpoauth.discovery;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The well-known URLs to try, in the order the MCP authorization specification gives them.
 *
 * <ul>
 *   <li>Protected resource metadata (RFC 9728 §3.1): the path-suffixed well-known URL
 *       ({@code /.well-known/oauth-protected-resource/public/mcp}), then the root one.</li>
 *   <li>Authorization server metadata (RFC 8414 §3.1, OpenID Connect Discovery 1.0 §4): for an
 *       issuer with a path, {@code /.well-known/oauth-authorization-server/PATH},
 *       {@code /.well-known/openid-configuration/PATH}, {@code /PATH/.well-known/openid-configuration};
 *       for an issuer without one, the two root URLs. The root is never probed for an issuer with
 *       a path: another tenant's metadata lives there.</li>
 * </ul>
 */
public final class DiscoveryCandidates {
    public static final String PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource";
    public static final String AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";
    public static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

    private DiscoveryCandidates() {
    }

    /** Protected resource metadata URLs for an MCP server URL, in order. */
    public static List<URI> protectedResource(URI serverUrl) {
        String origin = origin(serverUrl);
        String path = serverUrl.getRawPath() == null ? "" : serverUrl.getRawPath();
        URI root = URI.create(origin + PROTECTED_RESOURCE);
        if (path.isEmpty() || path.equals("/")) {
            return List.of(root);
        }
        String query = serverUrl.getRawQuery() == null ? "" : "?" + serverUrl.getRawQuery();
        return List.of(URI.create(origin + PROTECTED_RESOURCE + path + query), root);
    }

    /** Authorization server metadata URLs for an issuer identifier, in order. */
    public static List<URI> authorizationServer(String issuer) {
        URI uri = URI.create(issuer.trim());
        String origin = origin(uri);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            return List.of(URI.create(origin + AUTHORIZATION_SERVER), URI.create(origin + OPENID_CONFIGURATION));
        }
        return List.of(URI.create(origin + AUTHORIZATION_SERVER + path),
                URI.create(origin + OPENID_CONFIGURATION + path),
                URI.create(origin + path + OPENID_CONFIGURATION));
    }

    /** {@code scheme://authority} of a URL, scheme and host lower-cased, port kept as written. */
    static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        return scheme + "://" + authority.toLowerCase(Locale.ROOT);
    }
}

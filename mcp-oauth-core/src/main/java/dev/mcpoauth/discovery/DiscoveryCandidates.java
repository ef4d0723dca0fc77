package dev.mcpoauth.discovery;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The well-known metadata URLs to try, in the order the MCP authorization specification
 * (revision 2026-07-28) gives them. Pure functions: no I/O.
 *
 * <ul>
 *   <li>Protected resource metadata (RFC 9728 §3.1): the well-known suffix inserted between the
 *       host and the path of the MCP server URL ({@code /.well-known/oauth-protected-resource/public/mcp},
 *       the server URL's query kept), then the root one. A server URL without a path gets the root
 *       one only.</li>
 *   <li>Authorization server metadata (RFC 8414 §3.1, OpenID Connect Discovery 1.0 §4): for an
 *       issuer with a path, {@code /.well-known/oauth-authorization-server/PATH},
 *       {@code /.well-known/openid-configuration/PATH}, {@code /PATH/.well-known/openid-configuration};
 *       for an issuer without one, the two root URLs. A trailing slash on the issuer is ignored.
 *       The root is never probed for an issuer with a path: another tenant's metadata lives there.</li>
 * </ul>
 *
 * <pre>{@code
 * DiscoveryCandidates.protectedResource(URI.create("https://example.com/public/mcp"));
 * // [https://example.com/.well-known/oauth-protected-resource/public/mcp,
 * //  https://example.com/.well-known/oauth-protected-resource]
 * DiscoveryCandidates.authorizationServer("https://auth.example.com/tenant1");
 * // [https://auth.example.com/.well-known/oauth-authorization-server/tenant1,
 * //  https://auth.example.com/.well-known/openid-configuration/tenant1,
 * //  https://auth.example.com/tenant1/.well-known/openid-configuration]
 * }</pre>
 */
public final class DiscoveryCandidates {
    /** RFC 9728 §3 well-known suffix. */
    public static final String PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource";
    /** RFC 8414 §3 well-known suffix. */
    public static final String AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";
    /** OpenID Connect Discovery 1.0 §4 well-known suffix. */
    public static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

    private DiscoveryCandidates() {
    }

    /**
     * Protected resource metadata URLs for an MCP server URL, in the order to try them.
     *
     * @throws IllegalArgumentException when {@code serverUrl} is not an absolute URL with a host
     */
    public static List<URI> protectedResource(URI serverUrl) {
        requireAbsolute(serverUrl, "server URL");
        String origin = origin(serverUrl);
        String path = serverUrl.getRawPath() == null ? "" : serverUrl.getRawPath();
        URI root = URI.create(origin + PROTECTED_RESOURCE);
        if (path.isEmpty() || path.equals("/")) {
            return List.of(root);
        }
        String query = serverUrl.getRawQuery() == null ? "" : "?" + serverUrl.getRawQuery();
        return List.of(URI.create(origin + PROTECTED_RESOURCE + path + query), root);
    }

    /**
     * Authorization server metadata URLs for an issuer identifier, in the order to try them.
     *
     * @throws IllegalArgumentException when {@code issuer} is not an absolute URL with a host
     */
    public static List<URI> authorizationServer(String issuer) {
        if (issuer == null) {
            throw new IllegalArgumentException("issuer is null");
        }
        URI uri = URI.create(issuer.trim());
        requireAbsolute(uri, "issuer");
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

    /**
     * {@code scheme://authority} of a URL without user info: scheme and host lower-cased, port kept
     * as written, no trailing slash. For a 2025-03-26 server this is the issuer identifier.
     */
    static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        return scheme + "://" + authority.toLowerCase(Locale.ROOT);
    }

    private static void requireAbsolute(URI uri, String what) {
        if (uri == null || !uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException(what + " `" + uri + "` is not an absolute URL with a host");
        }
    }
}

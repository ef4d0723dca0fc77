package dev.mcpoauth.cimdhost;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@code redirect_uri} values the host puts into a document, and so vouches for.
 *
 * <p>A Client ID Metadata Document's {@code redirect_uris} is what stops an authorization server
 * from sending codes elsewhere: a host that echoed any requested redirect URI would let anyone mint a
 * {@code client_id} (with this host's name and reputation) that redirects to an attacker's site, an
 * open redirect with a trusted face. So a redirect URI is accepted only when
 * <ul>
 *   <li>it is {@code http} (or {@code https}) on a loopback host: exactly {@code 127.0.0.1},
 *       {@code [::1]} or {@code localhost} (RFC 8252 §7.3), any port, no userinfo, no fragment, no
 *       {@code .}/{@code ..} path segments; and its last path segment equals the callback id of the
 *       document path, as the loopback redirect URIs of mcp-oauth always do
 *       ({@code http://127.0.0.1:PORT/callback/ID}); or</li>
 *   <li>it is on the configured allow-list: exactly an entry, or an entry with {@code /ID} appended to
 *       its path the way mcp-oauth builds redirect URIs from a configured callback URL
 *       ({@code mcp_oauth_callback_url}).</li>
 * </ul>
 *
 * <pre>{@code
 * RedirectUriPolicy policy = RedirectUriPolicy.loopbackOnly();
 * policy.check("http://127.0.0.1:4321/callback/8t06V3nLEwB8", "8t06V3nLEwB8"); // empty: accepted
 * policy.check("https://evil.example/callback/8t06V3nLEwB8", "8t06V3nLEwB8"); // a 400 refusal
 * }</pre>
 */
public final class RedirectUriPolicy {
    /** Longest redirect URI accepted: loopback callback URIs are about 50 characters. */
    public static final int MAX_REDIRECT_URI_CHARS = 1024;
    /** The loopback hosts accepted, as {@link URI#getHost()} returns them (lower-cased). */
    public static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "localhost");

    private final List<String> allowList;

    private RedirectUriPolicy(List<String> allowList) {
        this.allowList = List.copyOf(allowList);
    }

    /** Loopback redirect URIs only. */
    public static RedirectUriPolicy loopbackOnly() {
        return new RedirectUriPolicy(List.of());
    }

    /**
     * Loopback redirect URIs, plus these (each exactly, or with {@code /ID} appended to its path).
     *
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} for an entry that is not an absolute
     *     http(s) URL with a host, or has userinfo or a fragment
     */
    public static RedirectUriPolicy withAllowList(Collection<String> entries) {
        List<String> checked = new ArrayList<>();
        for (String entry : entries) {
            checked.add(checkAllowListEntry(entry));
        }
        return new RedirectUriPolicy(checked);
    }

    /** The allow-list entries, as configured (trimmed). */
    public List<String> allowList() {
        return allowList;
    }

    /**
     * Checks a requested redirect URI for the document of {@code callbackId}.
     *
     * @return empty when the host may serve a document for it, else why not (status 400)
     */
    public Optional<Refusal> check(String redirectUri, String callbackId) {
        if (redirectUri.length() > MAX_REDIRECT_URI_CHARS) {
            return Optional.of(Refusal.invalidRequest(
                    "redirect_uri is longer than " + MAX_REDIRECT_URI_CHARS + " characters"));
        }
        if (isAllowListed(redirectUri, callbackId)) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(redirectUri);
        } catch (URISyntaxException e) {
            return refuse("redirect_uri is not a valid URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || !(scheme.equals("http") || scheme.equals("https"))) {
            return refuse("redirect_uri must be an absolute http URL on a loopback host");
        }
        if (uri.getRawUserInfo() != null) {
            return refuse("redirect_uri must not contain userinfo");
        }
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || !LOOPBACK_HOSTS.contains(host)) {
            return refuse("redirect_uri must be on a loopback host (127.0.0.1, [::1] or localhost)"
                    + (allowList.isEmpty() ? "" : " or on this host's allow-list")
                    + " (RFC 8252 §7.3)");
        }
        if (uri.getRawFragment() != null) {
            return refuse("redirect_uri must not contain a fragment (RFC 6749 §3.1.2)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            String decoded = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return refuse("redirect_uri must not contain . or .. path segments");
            }
        }
        String last = segments[segments.length - 1];
        if (!last.equals(callbackId)) {
            return refuse("redirect_uri's last path segment `" + abbreviate(last) + "` is not the callback id `"
                    + callbackId + "` of this document");
        }
        return Optional.empty();
    }

    /** Whether the redirect URI, as given, is on a loopback host (it then describes a native client). */
    static boolean isLoopback(String redirectUri) {
        try {
            String host = new URI(redirectUri).getHost();
            return host != null && LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private boolean isAllowListed(String redirectUri, String callbackId) {
        for (String entry : allowList) {
            if (entry.equals(redirectUri) || withCallbackId(entry, callbackId).equals(redirectUri)) {
                return true;
            }
        }
        return false;
    }

    /** The entry with {@code /ID} appended to its path, its query kept: how core builds callback URLs. */
    static String withCallbackId(String entry, String callbackId) {
        int queryStart = entry.indexOf('?');
        String beforeQuery = queryStart < 0 ? entry : entry.substring(0, queryStart);
        String query = queryStart < 0 ? "" : entry.substring(queryStart);
        while (beforeQuery.endsWith("/")) {
            beforeQuery = beforeQuery.substring(0, beforeQuery.length() - 1);
        }
        return beforeQuery + "/" + callbackId + query;
    }

    private static String checkAllowListEntry(String entry) {
        String trimmed = entry == null ? "" : entry.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw invalidEntry(entry, "not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.isOpaque() || uri.getHost() == null) {
            throw invalidEntry(entry, "use an absolute http(s) URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalidEntry(entry, "userinfo is not allowed");
        }
        if (uri.getRawFragment() != null) {
            throw invalidEntry(entry, "a fragment is not allowed (RFC 6749 §3.1.2)");
        }
        if (trimmed.length() > MAX_REDIRECT_URI_CHARS - 64) {
            throw invalidEntry(entry, "it is too long");
        }
        return trimmed;
    }

    private static McpOAuthException invalidEntry(String entry, String why) {
        return new McpOAuthException(ErrorCode.INVALID_INPUT, "invalid allowed redirect URI `" + entry + "`: " + why);
    }

    private static Optional<Refusal> refuse(String description) {
        return Optional.of(Refusal.invalidRedirectUri(description));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}

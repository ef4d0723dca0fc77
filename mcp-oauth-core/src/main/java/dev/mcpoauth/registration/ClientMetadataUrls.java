package dev.mcpoauth.registration;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.authorize.CallbackId;
import dev.mcpoauth.internal.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds and checks Client ID Metadata Document URLs (draft-ietf-oauth-client-id-metadata-document).
 *
 * <p>{@link #callbackScoped} reproduces the reference host's callback-scoped URL bit for bit: one
 * metadata document per MCP server callback, so the document can list exactly one redirect URI.
 *
 * <pre>{@code
 * String clientId = ClientMetadataUrls.callbackScoped("https://chatgpt.com/codex/local-mcp/oauth/",
 *         new CallbackId("abc123"), "http://127.0.0.1:4321/callback/abc123");
 * // https://chatgpt.com/codex/local-mcp/oauth/abc123/client.json?redirect_uri=http%3A%2F%2F127.0.0.1%3A4321%2Fcallback%2Fabc123
 * }</pre>
 */
public final class ClientMetadataUrls {
    /** The query parameter that carries the redirect URI in a callback-scoped URL. */
    public static final String REDIRECT_URI_PARAM = "redirect_uri";
    /** The last path segment of a callback-scoped URL. */
    public static final String DOCUMENT_NAME = "client.json";

    private static final String BASE = "MCP OAuth client metadata URL base";

    private ClientMetadataUrls() {
    }

    /**
     * The callback-scoped metadata URL: {@code base}'s path without trailing slashes, then
     * {@code /{callbackId}/client.json}, then the query parameter {@code redirect_uri} (form-encoded,
     * replacing any existing one). Scheme and host are lower-cased and a default port is dropped, as
     * a WHATWG URL parser does.
     *
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} when {@code base} is not an absolute
     *     URL, or has a query or a fragment
     */
    public static String callbackScoped(String base, CallbackId callbackId, String redirectUri) {
        Objects.requireNonNull(callbackId, "callbackId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        URI parsed = parseBase(base);
        String path = parsed.getRawPath();
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        String scoped = path.substring(0, end) + "/" + callbackId.value() + "/" + DOCUMENT_NAME;
        URI withPath;
        try {
            withPath = new URI(parsed.getScheme() + "://" + parsed.getRawAuthority() + scoped);
        } catch (URISyntaxException e) {
            throw invalidBase(base, null, e);
        }
        return Urls.setQueryParam(withPath, REDIRECT_URI_PARAM, redirectUri);
    }

    /**
     * Checks a base as {@link #callbackScoped} does, and additionally that it has no userinfo and
     * uses https, or http on a loopback host (for local development and tests). A base without a
     * path is fine: the callback-scoped URL always gets one.
     *
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} naming the broken rule
     */
    public static void validateBase(String base) {
        URI parsed = parseBase(base);
        if (parsed.getRawUserInfo() != null) {
            throw invalidBase(base, "userinfo is not allowed", null);
        }
        if (!isHttpsOrLoopback(parsed)) {
            throw invalidBase(base, "it must use https (plain http only for a loopback host)", null);
        }
    }

    /**
     * Checks a fixed metadata document URL used as {@code client_id}: https (or http on a loopback
     * host), a path other than {@code /}, no fragment, no userinfo, no {@code .} or {@code ..} path
     * segments (draft-ietf-oauth-client-id-metadata-document §3). A query is allowed: the draft only
     * discourages it, and callback-scoped URLs carry one.
     *
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} naming the broken rule
     */
    public static void validateFixedUrl(String url) {
        URI parsed;
        try {
            parsed = new URI(Objects.requireNonNull(url, "url"));
        } catch (URISyntaxException e) {
            throw invalidUrl(url, "not a URL");
        }
        if (!parsed.isAbsolute() || parsed.isOpaque() || parsed.getHost() == null) {
            throw invalidUrl(url, "not an absolute URL with a host");
        }
        if (!isHttpsOrLoopback(parsed)) {
            throw invalidUrl(url, "it must use https (plain http only for a loopback host)");
        }
        if (parsed.getRawFragment() != null) {
            throw invalidUrl(url, "a fragment is not allowed");
        }
        if (parsed.getRawUserInfo() != null) {
            throw invalidUrl(url, "userinfo is not allowed");
        }
        String path = parsed.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            throw invalidUrl(url, "it must have a path");
        }
        for (String segment : path.split("/", -1)) {
            String decoded = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                throw invalidUrl(url, "dot segments are not allowed in its path");
            }
        }
    }

    private static URI parseBase(String base) {
        URI parsed;
        try {
            parsed = new URI(Objects.requireNonNull(base, "base").trim());
        } catch (URISyntaxException e) {
            throw invalidBase(base, null, e);
        }
        if (!parsed.isAbsolute() || parsed.isOpaque() || parsed.getHost() == null || parsed.getHost().isEmpty()) {
            throw invalidBase(base, null, null);
        }
        if (parsed.getRawQuery() != null) {
            throw invalidBase(base, "query is not allowed", null);
        }
        if (parsed.getRawFragment() != null) {
            throw invalidBase(base, "fragment is not allowed", null);
        }
        return Urls.canonical(parsed);
    }

    private static boolean isHttpsOrLoopback(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || (scheme.equals("http") && Urls.isLoopbackHost(uri.getHost()));
    }

    private static McpOAuthException invalidBase(String base, String why, Throwable cause) {
        String detail = "invalid " + BASE + " `" + base + "`" + (why == null ? "" : ": " + why);
        return new McpOAuthException(ErrorCode.INVALID_INPUT, detail, cause);
    }

    private static McpOAuthException invalidUrl(String url, String why) {
        return new McpOAuthException(ErrorCode.INVALID_INPUT,
                "invalid client metadata URL `" + url + "`: " + why
                        + " (draft-ietf-oauth-client-id-metadata-document §3)");
    }
}

package dev.mcpoauth.cimdhost;

import dev.mcpoauth.registration.ClientMetadataUrls;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A request for a callback-scoped document, read from the raw path and query:
 * {@code {base path}/{callbackId}/client.json?redirect_uri=...}. Reading it checks only the shape;
 * {@link RedirectUriPolicy} decides whether the redirect URI is acceptable.
 *
 * @param callbackId  the path segment before {@code client.json}
 * @param redirectUri the decoded {@code redirect_uri} parameter
 */
record DocumentRequest(String callbackId, String redirectUri) {
    /** Longest raw path read: a base path plus {@code /ID/client.json}. */
    static final int MAX_PATH_CHARS = 512;
    /** Longest raw query read: one percent-encoded redirect URI (at most three characters per character). */
    static final int MAX_QUERY_CHARS = 3 * RedirectUriPolicy.MAX_REDIRECT_URI_CHARS + 16;
    /**
     * A callback id segment: base64url characters. {@link dev.mcpoauth.authorize.CallbackId#of} always
     * makes 12; shorter ones (the seed's test vector uses {@code abc123}) are served too, since the
     * redirect URI must end with the same segment anyway.
     */
    static final Pattern CALLBACK_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final String SUFFIX = "/" + ClientMetadataUrls.DOCUMENT_NAME;

    /** What reading a request produced: a request or a refusal, exactly one non-null. */
    record Outcome(DocumentRequest request, Refusal refusal) {
    }

    /**
     * Reads a request target.
     *
     * @param basePath the public base's path without trailing {@code /} (may be empty)
     * @param rawPath  the request's raw (still percent-encoded) path
     * @param rawQuery the request's raw query, or {@code null}
     */
    static Outcome read(String basePath, String rawPath, String rawQuery) {
        if (rawPath == null || rawPath.length() > MAX_PATH_CHARS) {
            return refused(Refusal.invalidRequest("the request path is longer than " + MAX_PATH_CHARS + " characters"));
        }
        String prefix = basePath + "/";
        if (!rawPath.startsWith(prefix) || !rawPath.endsWith(SUFFIX)
                || rawPath.length() < prefix.length() + SUFFIX.length()) {
            return refused(Refusal.notFound("no client metadata document here; documents are at "
                    + prefix + "{callbackId}" + SUFFIX + "?redirect_uri=..."));
        }
        String callbackId = rawPath.substring(prefix.length(), rawPath.length() - SUFFIX.length());
        if (!CALLBACK_ID.matcher(callbackId).matches()) {
            return refused(Refusal.notFound("no client metadata document here: `" + abbreviate(callbackId)
                    + "` is not a callback id (up to 64 characters of A-Z, a-z, 0-9, - and _)"));
        }
        if (rawQuery == null || rawQuery.isEmpty()) {
            return refused(Refusal.invalidRequest("the redirect_uri query parameter is missing"));
        }
        if (rawQuery.length() > MAX_QUERY_CHARS) {
            return refused(Refusal.invalidRequest("the query is longer than " + MAX_QUERY_CHARS + " characters"));
        }
        String redirectUri = null;
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? null : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return refused(Refusal.invalidRequest("the query is not valid form encoding"));
            }
            if (!name.equals(ClientMetadataUrls.REDIRECT_URI_PARAM)) {
                // The client_id is the URL with redirect_uri alone; another parameter makes the
                // requested URL differ from every client_id this host could put into the document.
                return refused(Refusal.invalidRequest("only the redirect_uri query parameter is allowed, not `"
                        + abbreviate(name) + "`"));
            }
            if (redirectUri != null) {
                return refused(Refusal.invalidRequest("redirect_uri must appear once (RFC 6749 §3.1)"));
            }
            if (value == null || value.isEmpty()) {
                return refused(Refusal.invalidRequest("redirect_uri is empty"));
            }
            redirectUri = value;
        }
        return new Outcome(new DocumentRequest(callbackId, redirectUri), null);
    }

    private static Outcome refused(Refusal refusal) {
        return new Outcome(null, refusal);
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}

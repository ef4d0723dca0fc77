package dev.mcpoauth.cimdhost;

import java.util.Objects;

/**
 * Why the host did not serve a document: the HTTP status and the JSON error body it answers with
 * ({@code {"error": ..., "error_description": ...}}, the OAuth error shape of RFC 6749 §5.2).
 *
 * @param status      400, 404, 405, or 500 for a failure of the host itself
 * @param error       a stable machine-readable code, one of the constants below
 * @param description one sentence for a person; never holds secrets (the host has none)
 */
public record Refusal(int status, String error, String description) {
    /** The path is not a document path of this host. */
    public static final String NOT_FOUND = "not_found";
    /** The query is missing, malformed, too large, or has parameters other than {@code redirect_uri}. */
    public static final String INVALID_REQUEST = "invalid_request";
    /** The {@code redirect_uri} is not one this host vouches for. */
    public static final String INVALID_REDIRECT_URI = "invalid_redirect_uri";
    /** Only {@code GET} is served. */
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    /** The host failed unexpectedly (its log says why). */
    public static final String SERVER_ERROR = "server_error";

    public Refusal {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(description, "description");
    }

    static Refusal notFound(String description) {
        return new Refusal(404, NOT_FOUND, description);
    }

    static Refusal invalidRequest(String description) {
        return new Refusal(400, INVALID_REQUEST, description);
    }

    static Refusal invalidRedirectUri(String description) {
        return new Refusal(400, INVALID_REDIRECT_URI, description);
    }

    static Refusal serverError() {
        return new Refusal(500, SERVER_ERROR, "the client metadata host failed to answer; see its log");
    }

    static Refusal methodNotAllowed(String method) {
        return new Refusal(405, METHOD_NOT_ALLOWED, "method " + method + " is not allowed; use GET");
    }
}

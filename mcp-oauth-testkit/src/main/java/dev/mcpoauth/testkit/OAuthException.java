package dev.mcpoauth.testkit;

/** An RFC 6749 §5.2 / RFC 7591 §3.2.2 error, turned into a JSON response by the endpoint that catches it. */
final class OAuthException extends Exception {

    private final int status;
    private final String error;
    private final boolean basicChallenge;

    OAuthException(int status, String error, String description) {
        this(status, error, description, false);
    }

    private OAuthException(int status, String error, String description, boolean basicChallenge) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.basicChallenge = basicChallenge;
    }

    static OAuthException badRequest(String error, String description) {
        return new OAuthException(400, error, description);
    }

    /** 401 {@code invalid_client}; with a Basic challenge when the client used the Authorization header. */
    static OAuthException invalidClient(String description, boolean usedAuthorizationHeader) {
        return new OAuthException(401, "invalid_client", description, usedAuthorizationHeader);
    }

    String error() {
        return error;
    }

    Response toResponse() {
        Response response = Response.json(status, Json.object("error", error, "error_description", getMessage()))
                .withHeader("Cache-Control", "no-store")
                .withHeader("Pragma", "no-cache");
        return basicChallenge
                ? response.withHeader("WWW-Authenticate", "Basic realm=\"mcp-oauth-testkit\", charset=\"UTF-8\"")
                : response;
    }
}

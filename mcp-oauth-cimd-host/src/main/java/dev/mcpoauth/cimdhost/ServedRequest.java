package dev.mcpoauth.cimdhost;

/**
 * One request the host answered, as reported to a {@link RequestListener}: for an access log, metrics
 * or tests. Document URLs carry no secrets, so the whole request target is included.
 *
 * @param method   the HTTP method
 * @param target   the raw path and query as received (truncated to {@value #MAX_TARGET_CHARS} characters)
 * @param status   the HTTP status answered
 * @param clientId the {@code client_id} of the document served, or {@code null} when refused
 * @param refusal  why it was refused, or {@code null} when a document was served
 */
public record ServedRequest(String method, String target, int status, String clientId, Refusal refusal) {
    /** Longest target reported: an oversized request is reported, not echoed in full. */
    public static final int MAX_TARGET_CHARS = 300;

    /** Whether a document was served. */
    public boolean served() {
        return refusal == null;
    }

    /** One line for an access log, e.g. {@code 200 GET /oauth/8t06V3nLEwB8/client.json?redirect_uri=...}. */
    public String toLogLine() {
        String line = status + " " + method + " " + target;
        return refusal == null ? line : line + " -> " + refusal.error() + ": " + refusal.description();
    }
}

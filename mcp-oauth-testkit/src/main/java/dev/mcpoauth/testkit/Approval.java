package dev.mcpoauth.testkit;

/**
 * How the authorization endpoint obtains the resource owner's decision.
 */
public enum Approval {
    /** {@code GET /authorize} answers 302 to the redirect URI straight away. */
    AUTO,
    /**
     * {@code GET /authorize} answers 200 with an HTML consent page titled {@code "Authorize <client name>"}; the page
     * holds one form posting {@code request_id} and {@code decision=approve} or {@code decision=deny} back to the
     * authorization endpoint, which then answers the 302.
     */
    CONSENT_PAGE
}

package dev.mcpoauth.cli;

/**
 * How a configured server authenticates, in the reference's order of precedence: a bearer token
 * (from {@code bearer_token_env_var} or an {@code Authorization} header), stored OAuth tokens, an
 * authorization server discovery found (not logged in yet), or none of these.
 */
enum AuthStatus {
    BEARER_TOKEN("bearerToken", "Bearer token"),
    OAUTH("oAuth", "OAuth"),
    NOT_LOGGED_IN("notLoggedIn", "Not logged in"),
    UNSUPPORTED("unsupported", "Unsupported");

    private final String wireName;
    private final String label;

    AuthStatus(String wireName, String label) {
        this.wireName = wireName;
        this.label = label;
    }

    /** The reference's {@code authStatus} value, for {@code --json}. */
    String wireName() {
        return wireName;
    }

    /** What the table shows. */
    String label() {
        return label;
    }
}

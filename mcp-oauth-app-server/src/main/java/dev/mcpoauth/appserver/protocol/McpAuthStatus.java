package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a configured server authenticates, in the reference host's order: the first that applies wins.
 */
@JsonClassDescription("How a configured server authenticates. `unsupported`: not an HTTP server, or no "
        + "authorization server was found; `notLoggedIn`: OAuth is available but no credentials are stored; "
        + "`bearerToken`: a static bearer token (bearer_token_env_var or an Authorization header) is configured; "
        + "`oAuth`: OAuth credentials are stored.")
public enum McpAuthStatus {
    UNSUPPORTED("unsupported"),
    NOT_LOGGED_IN("notLoggedIn"),
    BEARER_TOKEN("bearerToken"),
    O_AUTH("oAuth");

    private final String value;

    McpAuthStatus(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}

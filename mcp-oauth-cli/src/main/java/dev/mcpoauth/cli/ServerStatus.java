package dev.mcpoauth.cli;

import dev.mcpoauth.config.AuthStatus;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.store.StoredCredentials;

/**
 * One row of {@code mcp-oauth list}.
 *
 * @param server      the configured server
 * @param status      how it authenticates (the core's rules: {@link dev.mcpoauth.config.AuthStatusCheck})
 * @param credentials the stored OAuth credentials, or {@code null}
 * @param detail      why this status, in a few words (the bearer variable, the issuer found, the
 *                    discovery failure), or {@code null}
 */
record ServerStatus(ServerConfig server, AuthStatus status, StoredCredentials credentials, String detail) {

    /** What the table shows for the status. */
    String label() {
        return switch (status) {
            case BEARER_TOKEN -> "Bearer token";
            case OAUTH -> "OAuth";
            case NOT_LOGGED_IN -> "Not logged in";
            case UNSUPPORTED -> "Unsupported";
        };
    }
}

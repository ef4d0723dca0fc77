package dev.mcpoauth.login;

import dev.mcpoauth.store.StoredCredentials;
import java.time.Instant;
import java.util.Set;

/**
 * A completed login: what was stored.
 *
 * @param credentials the stored entry (its {@code toString} shows no secrets)
 */
public record LoginResult(StoredCredentials credentials) {

    public String serverName() {
        return credentials.key().name();
    }

    public Set<String> grantedScopes() {
        return credentials.tokens().scopes();
    }

    /** May be {@code null} when the server gave no lifetime. */
    public Instant expiresAt() {
        return credentials.tokens().expiresAt();
    }

    public String issuer() {
        return credentials.issuer();
    }

    public String clientId() {
        return credentials.client().clientId();
    }
}

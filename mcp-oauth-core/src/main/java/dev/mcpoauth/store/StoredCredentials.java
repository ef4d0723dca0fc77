package dev.mcpoauth.store;

import dev.mcpoauth.registration.ClientIdentity;
import dev.mcpoauth.token.Tokens;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything kept about one server's login: where the tokens came from and for what.
 *
 * <p>Tokens and the client identity are bound to the issuer: when discovery later finds another
 * issuer, these credentials are not used there. {@code toString} never shows secrets.
 *
 * @param key      server name and URL
 * @param issuer   the authorization server's issuer, exactly as discovered
 * @param resource the resource indicator the tokens were issued for (may be {@code null})
 * @param tokenEndpoint the issuer's token endpoint, so a refresh needs no discovery
 * @param client   how the client identified itself to the issuer
 * @param tokens   the tokens, scopes and expiry
 * @param savedAt  when this entry was written
 */
public record StoredCredentials(ServerKey key, String issuer, String resource, URI tokenEndpoint,
                                ClientIdentity client, Tokens tokens, Instant savedAt) {
    public StoredCredentials {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(savedAt, "savedAt");
    }

    /** A copy with other tokens, for a refresh. */
    public StoredCredentials withTokens(Tokens newTokens, Instant now) {
        return new StoredCredentials(key, issuer, resource, tokenEndpoint, client, newTokens, now);
    }
}

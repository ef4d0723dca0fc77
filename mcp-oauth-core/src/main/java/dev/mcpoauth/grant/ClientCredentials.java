package dev.mcpoauth.grant;

import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.registration.PreRegistered;
import java.util.List;
import java.util.Objects;

/**
 * The client credentials grant (RFC 6749 §4.4): the client authenticates as itself, with a secret
 * ({@code client_secret_basic} / {@code client_secret_post}) or a signing key ({@code private_key_jwt},
 * RFC 7523 §2.2, see {@link dev.mcpoauth.registration.PrivateKeys}).
 *
 * <pre>{@code
 * Grant grant = ClientCredentials.withSecret("reporting-service", System.getenv("CLIENT_SECRET"));
 * }</pre>
 *
 * @param client the client, which must have a secret or a signing key
 * @param scopes the scopes to ask for, or {@code null} for the discovered ones
 */
public record ClientCredentials(PreRegistered client, List<String> scopes) implements Grant {
    public ClientCredentials {
        Objects.requireNonNull(client, "client");
        scopes = scopes == null ? null : List.copyOf(scopes);
    }

    /** A client authenticating with a shared secret, usable with any issuer. */
    public static ClientCredentials withSecret(String clientId, String secret) {
        return new ClientCredentials(new PreRegistered(clientId, new Secret(secret), null, null, null), null);
    }
}

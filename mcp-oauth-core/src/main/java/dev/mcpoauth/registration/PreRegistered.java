package dev.mcpoauth.registration;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.util.Objects;
import java.util.Optional;

/**
 * A client registered with the provider out of band (RFC 6749 §2), configured by the user: it always
 * wins over metadata documents and dynamic registration for the issuer it is bound to.
 *
 * <pre>{@code
 * PreRegistered client = new PreRegistered("my-client-id", new Secret("s3cret"), null, null,
 *         "https://auth.example.com");
 * }</pre>
 *
 * @param clientId     the {@code client_id}; required
 * @param clientSecret the client secret, or {@code null} for a public client or a key-based one
 * @param authMethod   the token endpoint auth method, or {@code null} to choose from the server's
 *                     {@code token_endpoint_auth_methods_supported}
 * @param signingJwk   the private key for {@code private_key_jwt} (RFC 7523), or {@code null}
 * @param issuer       the issuer this client is registered with, or {@code null} for any issuer
 */
public record PreRegistered(String clientId, Secret clientSecret, ClientAuthenticationMethod authMethod,
                            JWK signingJwk, String issuer) implements ClientIdentity {

    public PreRegistered {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank()) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "a pre-registered client_id must not be blank");
        }
    }

    /** A public client (no secret, no key) usable with any issuer. */
    public static PreRegistered publicClient(String clientId) {
        return new PreRegistered(clientId, null, null, null, null);
    }

    @Override
    public Optional<Secret> secret() {
        return Optional.ofNullable(clientSecret);
    }

    @Override
    public Optional<JWK> signingKey() {
        return Optional.ofNullable(signingJwk);
    }

    @Override
    public String toString() {
        return "PreRegistered[clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? "none" : "***")
                + ", authMethod=" + (authMethod == null ? "auto" : authMethod.getValue())
                + ", signingJwk=" + (signingJwk == null ? "none" : "***")
                + ", issuer=" + (issuer == null ? "any" : issuer) + "]";
    }
}

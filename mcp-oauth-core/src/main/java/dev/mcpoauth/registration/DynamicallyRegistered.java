package dev.mcpoauth.registration;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A client registered at the issuer's registration endpoint (RFC 7591 §3), with what the server
 * answered (RFC 7591 §3.2.1).
 *
 * @param clientId        the issued {@code client_id}
 * @param clientSecret    the issued {@code client_secret}, or {@code null} for a public client
 * @param authMethod      the {@code token_endpoint_auth_method} in force; {@code null} is read as
 *                        {@code client_secret_basic} with a secret (RFC 7591 §2 default) and
 *                        {@code none} without one
 * @param issuer          the issuer whose registration endpoint issued it; required
 * @param redirectUris    the registered redirect URIs (never {@code null})
 * @param secretExpiresAt when the secret expires, or {@code null} when it does not
 *                        ({@code client_secret_expires_at} 0 or absent)
 */
public record DynamicallyRegistered(String clientId, Secret clientSecret, ClientAuthenticationMethod authMethod,
                                    String issuer, List<String> redirectUris, Instant secretExpiresAt)
        implements ClientIdentity {

    public DynamicallyRegistered {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(issuer, "issuer");
        if (authMethod == null) {
            authMethod = clientSecret != null ? ClientAuthenticationMethod.CLIENT_SECRET_BASIC : ClientAuthenticationMethod.NONE;
        }
        redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
    }

    @Override
    public Optional<Secret> secret() {
        return Optional.ofNullable(clientSecret);
    }

    /** Always empty: registrations made here never carry keys. */
    @Override
    public Optional<JWK> signingKey() {
        return Optional.empty();
    }

    /** Whether the secret has an expiry and it is at or before {@code now} (then register again). */
    public boolean secretExpired(Instant now) {
        return secretExpiresAt != null && !now.isBefore(secretExpiresAt);
    }

    @Override
    public String toString() {
        return "DynamicallyRegistered[clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? "none" : "***")
                + ", authMethod=" + authMethod.getValue()
                + ", issuer=" + issuer
                + ", redirectUris=" + redirectUris
                + ", secretExpiresAt=" + (secretExpiresAt == null ? "never" : secretExpiresAt) + "]";
    }
}

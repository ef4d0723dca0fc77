package dev.mcpoauth.registration;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import java.util.Optional;

/**
 * Who the client is at one authorization server: its {@code client_id} and how it authenticates at
 * the token endpoint.
 *
 * <p>An identity is bound to the issuer it was obtained from (MCP authorization: registrations are
 * per authorization server); when discovery later finds another issuer, the identity must not be used
 * there. Implementations never show secrets or keys in {@code toString()}.
 *
 * <p>Related specifications: RFC 6749 §2 (client registration, client authentication), RFC 7591
 * (dynamic registration), draft-ietf-oauth-client-id-metadata-document, RFC 7523 (private_key_jwt).
 */
public sealed interface ClientIdentity permits PreRegistered, MetadataDocument, DynamicallyRegistered {

    /** The OAuth {@code client_id}; never {@code null}. */
    String clientId();

    /**
     * The token endpoint authentication method (RFC 7591 §2 {@code token_endpoint_auth_method}), or
     * {@code null} for a {@link PreRegistered} client that leaves the choice to the server's metadata.
     */
    ClientAuthenticationMethod authMethod();

    /** The client secret, for {@code client_secret_basic} and {@code client_secret_post}. */
    Optional<Secret> secret();

    /** The private JSON Web Key that signs {@code private_key_jwt} client assertions (RFC 7523 §2.2). */
    Optional<JWK> signingKey();

    /**
     * The issuer this identity belongs to, compared by exact string; {@code null} only for a
     * {@link PreRegistered} client usable with any issuer.
     */
    String issuer();

    /** Whether this identity may be used with {@code issuer}: it is bound to it, or to none. */
    default boolean isUsableWith(String issuer) {
        return issuer() == null || issuer().equals(issuer);
    }
}

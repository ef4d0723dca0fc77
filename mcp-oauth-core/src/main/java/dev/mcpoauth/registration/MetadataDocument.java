package dev.mcpoauth.registration;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * A client identified by the URL of its Client ID Metadata Document: the URL itself is the
 * {@code client_id}, the authorization server fetches the document, and no registration request is
 * sent. Such a client is public: it authenticates with {@code none} and holds no secret
 * (draft-ietf-oauth-client-id-metadata-document §4).
 *
 * @param clientId the metadata document URL, exactly as sent as {@code client_id}
 * @param issuer   the issuer that advertised {@code client_id_metadata_document_supported}; required
 */
public record MetadataDocument(String clientId, String issuer) implements ClientIdentity {

    public MetadataDocument {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(issuer, "issuer");
    }

    /** Always {@code none}: a metadata document client never shares a secret. */
    @Override
    public ClientAuthenticationMethod authMethod() {
        return ClientAuthenticationMethod.NONE;
    }

    @Override
    public Optional<Secret> secret() {
        return Optional.empty();
    }

    @Override
    public Optional<JWK> signingKey() {
        return Optional.empty();
    }
}

package dev.mcpoauth.registration;

import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@link ClientRegistrar#resolve} needs to choose or obtain a client identity for one
 * issuer. Build with {@link #builder(String, AuthorizationServerMetadata, String)}.
 *
 * <pre>{@code
 * RegistrationRequest request = RegistrationRequest.builder(issuer, metadata, "http://127.0.0.1:4321/callback/8t06V3nLEwB8")
 *         .mode(RegistrationMode.AUTO)
 *         .clientMetadataUrl(metadataUrl)   // optional: a Client ID Metadata Document URL
 *         .scopes(List.of("mcp:read"))
 *         .build();
 * }</pre>
 *
 * @param issuer            the validated issuer of {@code metadata}, compared by exact string
 * @param metadata          the issuer's authorization server metadata (RFC 8414)
 * @param mode              which mechanisms may be used; {@link RegistrationMode#AUTO} by default
 * @param preRegistered     a configured client, or {@code null}; used when bound to no issuer or to this one
 * @param clientMetadataUrl a Client ID Metadata Document URL to use as {@code client_id}, or {@code null}
 * @param redirectUri       the redirect URI the login will use
 * @param clientName        the {@code client_name} sent in a registration
 * @param scopes            scopes requested, sent as the registration's {@code scope}; never {@code null}
 */
public record RegistrationRequest(String issuer, AuthorizationServerMetadata metadata, RegistrationMode mode,
                                  PreRegistered preRegistered, String clientMetadataUrl, String redirectUri,
                                  String clientName, List<String> scopes) {
    /** The {@code client_name} used when none is given. */
    public static final String DEFAULT_CLIENT_NAME = "mcp-oauth";

    public RegistrationRequest {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(redirectUri, "redirectUri");
        mode = mode == null ? RegistrationMode.AUTO : mode;
        clientName = clientName == null || clientName.isBlank() ? DEFAULT_CLIENT_NAME : clientName;
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /** A builder with the required values: the issuer, its metadata and the redirect URI. */
    public static Builder builder(String issuer, AuthorizationServerMetadata metadata, String redirectUri) {
        return new Builder(issuer, metadata, redirectUri);
    }

    /** Builds a {@link RegistrationRequest}. */
    public static final class Builder {
        private final String issuer;
        private final AuthorizationServerMetadata metadata;
        private final String redirectUri;
        private RegistrationMode mode = RegistrationMode.AUTO;
        private PreRegistered preRegistered;
        private String clientMetadataUrl;
        private String clientName = DEFAULT_CLIENT_NAME;
        private List<String> scopes = List.of();

        private Builder(String issuer, AuthorizationServerMetadata metadata, String redirectUri) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            this.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri");
        }

        public Builder mode(RegistrationMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** A configured client; {@code null} for none. */
        public Builder preRegistered(PreRegistered client) {
            this.preRegistered = client;
            return this;
        }

        /** A Client ID Metadata Document URL (fixed or callback-scoped); {@code null} for none. */
        public Builder clientMetadataUrl(String url) {
            this.clientMetadataUrl = url;
            return this;
        }

        /** The {@code client_name}; {@code null} for {@link #DEFAULT_CLIENT_NAME}. */
        public Builder clientName(String name) {
            this.clientName = name;
            return this;
        }

        /** Scopes requested; {@code null} or empty for none. */
        public Builder scopes(Collection<String> scopes) {
            this.scopes = scopes == null ? List.of() : new ArrayList<>(scopes);
            return this;
        }

        public RegistrationRequest build() {
            return new RegistrationRequest(issuer, metadata, mode, preRegistered, clientMetadataUrl, redirectUri,
                    clientName, scopes);
        }
    }
}

package dev.mcpoauth.discovery;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.registration.ClientRegistrar;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an MCP server is protected: the result of {@link AuthorizationDiscovery}.
 *
 * @param serverUrl         the MCP server URL as given
 * @param resource          the resource the tokens are for: the validated PRM {@code resource}, or
 *                          the canonical server URL when there is no PRM
 * @param protectedResource the protected resource metadata, or {@code null} for a 2025-03-26 server
 * @param metadata          the authorization server metadata (Nimbus), issuer already checked
 * @param issuer            the issuer exactly as discovered (from {@code authorization_servers}, or
 *                          the server's origin for a 2025-03-26 server)
 * @param challengeScopes   the {@code scope} of the 401 challenge, empty when none
 * @param source            where the authorization server came from
 * @param steps             every URL tried, in order
 */
public record ServerAuthorization(URI serverUrl, ResourceUri resource, ProtectedResourceMetadata protectedResource,
                                  AuthorizationServerMetadata metadata, String issuer, List<String> challengeScopes,
                                  Source source, List<DiscoveryStep> steps) {

    /** How the authorization server was found. */
    public enum Source {
        /** From the protected resource metadata's {@code authorization_servers} (RFC 9728). */
        PROTECTED_RESOURCE_METADATA,
        /** 2025-03-26 back-compat: no PRM; the server's origin published authorization server metadata. */
        LEGACY_ORIGIN_METADATA,
        /** 2025-03-26 back-compat: no metadata at all; default endpoints on the server's origin. */
        LEGACY_DEFAULT_ENDPOINTS
    }

    public ServerAuthorization {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(source, "source");
        challengeScopes = List.copyOf(challengeScopes);
        steps = List.copyOf(steps);
    }

    /** Whether {@code code_challenge_methods_supported} lists S256 (required by MCP authorization). */
    public boolean s256Supported() {
        List<CodeChallengeMethod> methods = metadata.getCodeChallengeMethods();
        return methods != null && methods.contains(CodeChallengeMethod.S256);
    }

    /** Whether the server advertises {@code client_id_metadata_document_supported: true}. */
    public boolean clientIdMetadataDocumentSupported() {
        return ClientRegistrar.supportsMetadataDocuments(metadata);
    }

    /** Whether the server advertises {@code authorization_response_iss_parameter_supported} (RFC 9207 §3). */
    public boolean issParameterSupported() {
        return metadata.supportsAuthorizationResponseIssuerParam();
    }

    /**
     * The scopes to request when the caller gave none: the challenge's {@code scope}, else the
     * protected resource's {@code scopes_supported}, else none (MCP authorization, scope selection).
     */
    public List<String> discoveredScopes() {
        if (!challengeScopes.isEmpty()) {
            return challengeScopes;
        }
        return protectedResource == null ? List.of() : protectedResource.scopesSupported();
    }

    /** Whether the authorization server lists {@code offline_access} in {@code scopes_supported}. */
    public boolean offlineAccessSupported() {
        Scope scopes = metadata.getScopes();
        return scopes != null && scopes.contains("offline_access");
    }

    public Optional<URI> registrationEndpoint() {
        return Optional.ofNullable(metadata.getRegistrationEndpointURI());
    }

    /** {@code token_endpoint_auth_methods_supported}, empty when not advertised. */
    public List<String> tokenEndpointAuthMethods() {
        List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
        return methods == null ? List.of() : methods.stream().map(ClientAuthenticationMethod::getValue).toList();
    }
}

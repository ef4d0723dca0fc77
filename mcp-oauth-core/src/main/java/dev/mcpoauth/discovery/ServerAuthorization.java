package dev.mcpoauth.discovery;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import dev.mcpoauth.ResourceUri;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an MCP server is protected: the one immutable result of {@link AuthorizationDiscovery}.
 *
 * <p>Related specifications: MCP authorization (revision 2026-07-28); RFC 9728 (Protected Resource
 * Metadata); RFC 8414 (Authorization Server Metadata); RFC 9207 (issuer in the authorization
 * response); draft-ietf-oauth-client-id-metadata-document ({@code client_id_metadata_document_supported}).
 *
 * <pre>{@code
 * ServerAuthorization auth = new AuthorizationDiscovery(HttpTransport.defaults())
 *         .discover(URI.create("https://mcp.example.com/mcp"));
 * if (!auth.s256Supported()) { ... refuse: PKCE S256 is required ... }
 * URI authorize = auth.metadata().getAuthorizationEndpointURI();
 * List<String> scopes = auth.discoveredScopes();
 * }</pre>
 *
 * @param serverUrl         the MCP server URL as given
 * @param resource          the resource the tokens are for: the validated protected resource
 *                          metadata's {@code resource}, or the canonical server URL when there is none
 * @param protectedResource the protected resource metadata, or {@code null} for a 2025-03-26 server
 * @param metadata          the authorization server metadata (Nimbus), issuer already checked; for
 *                          {@link Source#LEGACY_DEFAULT_ENDPOINTS} synthesized
 * @param issuer            the issuer identifier, exactly: the string from {@code authorization_servers};
 *                          for a 2025-03-26 server the server's origin ({@code scheme://host[:port]}),
 *                          or the origin as the origin's own metadata writes it (with or without a
 *                          trailing slash), since that is the {@code iss} its responses carry
 * @param challengeScopes   the {@code scope} of the 401 challenge, empty when none
 * @param source            where the authorization server came from
 * @param steps             every URL tried and every check made, in order
 */
public record ServerAuthorization(URI serverUrl, ResourceUri resource, ProtectedResourceMetadata protectedResource,
                                  AuthorizationServerMetadata metadata, String issuer, List<String> challengeScopes,
                                  Source source, List<DiscoveryStep> steps) {

    /** The authorization server metadata member that advertises Client ID Metadata Documents. */
    public static final String CLIENT_ID_METADATA_DOCUMENT_SUPPORTED = "client_id_metadata_document_supported";
    /** The scope that asks for a refresh token (OpenID Connect Core §11), requested only when listed. */
    public static final String OFFLINE_ACCESS = "offline_access";

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

    /** Whether {@code code_challenge_methods_supported} lists {@code S256} (required by MCP authorization). */
    public boolean s256Supported() {
        List<CodeChallengeMethod> methods = metadata.getCodeChallengeMethods();
        return methods != null && methods.contains(CodeChallengeMethod.S256);
    }

    /**
     * Whether the metadata says {@code client_id_metadata_document_supported: true} (a JSON
     * boolean; a string {@code "true"} does not count).
     */
    public boolean clientIdMetadataDocumentSupported() {
        return Boolean.TRUE.equals(metadata.getCustomParameter(CLIENT_ID_METADATA_DOCUMENT_SUPPORTED));
    }

    /** Whether the metadata says {@code authorization_response_iss_parameter_supported: true} (RFC 9207 §3). */
    public boolean issParameterSupported() {
        return metadata.supportsAuthorizationResponseIssuerParam();
    }

    /**
     * The scopes to request when neither the caller nor the configuration gave any: the
     * challenge's {@code scope}, else the protected resource's {@code scopes_supported}, else none
     * (MCP authorization, scope selection strategy).
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
        return scopes != null && scopes.contains(OFFLINE_ACCESS);
    }

    /** The RFC 7591 registration endpoint, when the authorization server offers one. */
    public Optional<URI> registrationEndpoint() {
        return Optional.ofNullable(metadata.getRegistrationEndpointURI());
    }

    /** {@code token_endpoint_auth_methods_supported} in the server's order, empty when not advertised. */
    public List<String> tokenEndpointAuthMethods() {
        List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
        return methods == null ? List.of() : methods.stream().map(ClientAuthenticationMethod::getValue).toList();
    }
}

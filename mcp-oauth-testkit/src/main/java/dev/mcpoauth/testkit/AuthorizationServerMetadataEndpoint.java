package dev.mcpoauth.testkit;

import java.util.List;
import java.util.Map;

/** RFC 8414 authorization server metadata (also served at the OpenID Connect discovery locations on request). */
final class AuthorizationServerMetadataEndpoint {

    private final Settings settings;
    private final Topology topology;

    AuthorizationServerMetadataEndpoint(Settings settings, Topology topology) {
        this.settings = settings;
        this.topology = topology;
    }

    /**
     * Registers the document: nowhere for {@link LegacyMode#DEFAULT_ENDPOINTS}; at the RFC 8414 location with path
     * insertion; or, with {@code oidcDiscoveryOnly}, at the OpenID locations (path insertion and path appending).
     */
    void install(Router router) {
        if (settings.legacyMode() == LegacyMode.DEFAULT_ENDPOINTS) {
            return;
        }
        String issuerPath = topology.issuerPath();
        if (settings.oidcDiscoveryOnly()) {
            router.on("GET", Topology.OIDC_WELL_KNOWN + issuerPath, "as", this::handle);
            router.on("GET", issuerPath + Topology.OIDC_WELL_KNOWN, "as", this::handle);
        } else {
            router.on("GET", Topology.AS_WELL_KNOWN + issuerPath, "as", this::handle);
        }
    }

    Response handle(Request request) {
        return Response.json(200, metadata());
    }

    Map<String, Object> metadata() {
        String issuer = settings.metadataIssuerOverride() != null
                ? settings.metadataIssuerOverride() : topology.issuer();
        boolean issAdvertised = settings.issMode() != IssMode.NOT_ADVERTISED;
        return Json.object(
                "issuer", issuer,
                "authorization_endpoint", topology.authorizationEndpoint(),
                "token_endpoint", topology.tokenEndpoint(),
                "registration_endpoint", settings.dcr() ? topology.registrationEndpoint() : null,
                "response_types_supported", List.of("code"),
                "response_modes_supported", List.of("query"),
                "grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"),
                "code_challenge_methods_supported", settings.pkceS256Advertised() ? List.of("S256") : null,
                "token_endpoint_auth_methods_supported", settings.tokenEndpointAuthMethods(),
                "token_endpoint_auth_signing_alg_values_supported",
                settings.tokenEndpointAuthMethods().contains("private_key_jwt")
                        ? List.of("RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "ES512") : null,
                "scopes_supported", settings.scopesSupported(),
                "client_id_metadata_document_supported", settings.cimd() ? Boolean.TRUE : null,
                "authorization_response_iss_parameter_supported", issAdvertised ? Boolean.TRUE : null);
    }
}

package dev.mcpoauth.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RFC 7591 dynamic client registration. Requires loopback {@code http} or {@code https} redirect URIs, a supported
 * authentication method (default {@code client_secret_basic}, which gets a secret), known grant and response types, and
 * inline {@code jwks} for {@code private_key_jwt}. Answers 201 with the submitted metadata plus what the server set.
 */
final class RegistrationEndpoint {

    private static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token", "client_credentials");

    private final Settings settings;
    private final ClientRegistry clients;

    RegistrationEndpoint(Settings settings, ClientRegistry clients) {
        this.settings = settings;
        this.clients = clients;
    }

    Response handle(Request request) {
        try {
            return register(request);
        } catch (OAuthException e) {
            return e.toResponse();
        }
    }

    private Response register(Request request) throws OAuthException {
        JsonNode body;
        try {
            body = Json.parse(request.body());
        } catch (JsonProcessingException e) {
            throw invalidMetadata("request body is not valid JSON");
        }
        if (!body.isObject()) {
            throw invalidMetadata("request body must be a JSON object");
        }
        List<String> redirectUris = redirectUris(body);
        String method = body.path("token_endpoint_auth_method").asText("client_secret_basic");
        if (!settings.tokenEndpointAuthMethods().contains(method)) {
            throw invalidMetadata("token_endpoint_auth_method " + method + " is not supported; supported: "
                    + settings.tokenEndpointAuthMethods());
        }
        List<String> grantTypes = stringList(body, "grant_types", List.of("authorization_code"));
        for (String grantType : grantTypes) {
            if (!GRANT_TYPES.contains(grantType)) {
                throw invalidMetadata("unsupported grant type " + grantType);
            }
        }
        if (grantTypes.contains("client_credentials") && "none".equals(method)) {
            throw invalidMetadata("client_credentials requires a confidential client");
        }
        List<String> responseTypes = stringList(body, "response_types", List.of("code"));
        if (!responseTypes.stream().allMatch("code"::equals)) {
            throw invalidMetadata("only the response type code is supported");
        }
        JWK publicKey = "private_key_jwt".equals(method) ? publicKey(body) : null;

        String clientId = Ids.random();
        boolean secretBased = method.startsWith("client_secret_");
        String secret = secretBased ? Ids.random() : null;
        String clientName = body.path("client_name").isTextual() ? body.get("client_name").asText() : null;
        String applicationType = body.path("application_type").isTextual()
                ? body.get("application_type").asText() : null;
        Map<String, Object> raw = Json.toMap(body);
        RegisteredClient view = new RegisteredClient(clientId, redirectUris, method, grantTypes, applicationType,
                clientName, raw);
        clients.put(new Client(clientId, secret, Set.of(method), redirectUris, false,
                Set.copyOf(new LinkedHashSet<>(grantTypes)), clientName, publicKey, view));

        Map<String, Object> response = new LinkedHashMap<>(raw);
        response.put("client_id", clientId);
        response.put("client_id_issued_at", Instant.now().getEpochSecond());
        if (secret != null) {
            response.put("client_secret", secret);
            response.put("client_secret_expires_at", 0);
        }
        response.put("redirect_uris", redirectUris);
        response.put("token_endpoint_auth_method", method);
        response.put("grant_types", grantTypes);
        response.put("response_types", responseTypes);
        return Response.json(201, response).withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
    }

    private static List<String> redirectUris(JsonNode body) throws OAuthException {
        JsonNode node = body.path("redirect_uris");
        if (!node.isArray() || node.isEmpty()) {
            throw OAuthException.badRequest("invalid_redirect_uri", "redirect_uris must be a non-empty array");
        }
        List<String> uris = new ArrayList<>();
        for (JsonNode uri : node) {
            if (!uri.isTextual() || !RedirectUris.isRegistrable(uri.asText())) {
                throw OAuthException.badRequest("invalid_redirect_uri",
                        "redirect URI must be loopback http or https, without fragment: " + uri);
            }
            uris.add(uri.asText());
        }
        return List.copyOf(uris);
    }

    private static List<String> stringList(JsonNode body, String name, List<String> defaults)
            throws OAuthException {
        JsonNode node = body.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return defaults;
        }
        if (!node.isArray()) {
            throw invalidMetadata(name + " must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : node) {
            if (!value.isTextual()) {
                throw invalidMetadata(name + " must be an array of strings");
            }
            values.add(value.asText());
        }
        return values.isEmpty() ? defaults : List.copyOf(values);
    }

    private static JWK publicKey(JsonNode body) throws OAuthException {
        JsonNode jwks = body.path("jwks");
        if (!jwks.isObject()) {
            throw invalidMetadata("private_key_jwt requires an inline jwks (jwks_uri is not supported)");
        }
        try {
            JWKSet set = JWKSet.parse(jwks.toString());
            if (set.getKeys().isEmpty()) {
                throw invalidMetadata("jwks has no keys");
            }
            JWK key = set.getKeys().get(0);
            if (key.isPrivate()) {
                throw invalidMetadata("jwks must contain public keys only");
            }
            return key;
        } catch (ParseException e) {
            throw invalidMetadata("jwks is not a valid JWK set: " + e.getMessage());
        }
    }

    private static OAuthException invalidMetadata(String description) {
        return OAuthException.badRequest("invalid_client_metadata", description);
    }
}

package dev.mcpoauth.testkit;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hand-written OAuth 2.1 client for the tests: PKCE S256 computed here, authorization request built by hand,
 * token requests as plain forms.
 */
final class Flow {

    static final String REDIRECT = "http://127.0.0.1:43210/callback";
    private static final SecureRandom RANDOM = new SecureRandom();

    final TestServers servers;
    final String verifier = randomVerifier();
    String clientId;
    String clientSecret;
    String redirectUri = REDIRECT;
    String state = "state-" + RANDOM.nextInt(1_000_000);
    String scope = "mcp:read";
    String resource;

    Flow(TestServers servers) {
        this.servers = servers;
        this.resource = servers.mcpUrl().toString();
    }

    static String randomVerifier() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers a client by DCR with the given auth method and grant types; returns this. */
    Flow register(String authMethod, String... grantTypes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("redirect_uris", List.of(redirectUri));
        body.put("client_name", "Flow test client");
        body.put("token_endpoint_auth_method", authMethod);
        body.put("grant_types", grantTypes.length == 0 ? List.of("authorization_code", "refresh_token")
                : List.of(grantTypes));
        HttpResponse<String> response = Http.postJson(servers.issuer() + "/register", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode json = Http.json(response);
        clientId = json.get("client_id").asText();
        clientSecret = json.path("client_secret").asText(null);
        return this;
    }

    Map<String, String> authorizationParams() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        params.put("code_challenge", s256(verifier));
        params.put("code_challenge_method", "S256");
        params.put("state", state);
        params.put("scope", scope);
        params.put("resource", resource);
        return params;
    }

    HttpResponse<String> authorize() {
        return authorize(authorizationParams());
    }

    HttpResponse<String> authorize(Map<String, String> params) {
        return Http.get(servers.issuer() + "/authorize?" + Http.form(params));
    }

    /** Authorizes and returns the code, asserting a successful redirect with the right state. */
    String code() {
        HttpResponse<String> response = authorize();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        Map<String, String> query = Http.query(Http.location(response));
        assertThat(query).containsEntry("state", state).containsKey("code");
        return query.get("code");
    }

    Map<String, String> codeExchange(String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        form.put("resource", resource);
        return form;
    }

    /** POSTs to the token endpoint, authenticating as the registered client would (Basic if it has a secret). */
    HttpResponse<String> token(Map<String, String> form) {
        if (clientSecret != null) {
            String credentials = Http.encode(clientId) + ":" + Http.encode(clientSecret);
            return Http.postForm(servers.issuer() + "/token", form, "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        Map<String, String> withId = new LinkedHashMap<>(form);
        withId.put("client_id", clientId);
        return Http.postForm(servers.issuer() + "/token", withId);
    }

    /** Full authorization code flow; returns the token response JSON. */
    JsonNode tokens() {
        HttpResponse<String> response = token(codeExchange(code()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response);
    }

    Map<String, String> refresh(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("resource", resource);
        return form;
    }

    HttpResponse<String> mcp(String accessToken, String method, Object params) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("jsonrpc", "2.0");
        request.put("id", 1);
        request.put("method", method);
        if (params != null) {
            request.put("params", params);
        }
        return accessToken == null
                ? Http.postJson(servers.mcpUrl().toString(), request)
                : Http.postJson(servers.mcpUrl().toString(), request, "Authorization", "Bearer " + accessToken);
    }

    HttpResponse<String> callTool(String accessToken, String tool, String text) {
        return mcp(accessToken, "tools/call", Map.of("name", tool, "arguments", Map.of("text", text)));
    }
}

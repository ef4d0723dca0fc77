package dev.mcpoauth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RegistrationTest {

    private TestServers servers;

    @BeforeEach
    void start() {
        servers = TestServers.start();
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    private HttpResponse<String> register(Object body) {
        return Http.postJson(servers.issuer() + "/register", body);
    }

    @Test
    void a_registration_without_a_method_gets_client_secret_basic_and_a_secret() {
        HttpResponse<String> response = register(Map.of(
                "redirect_uris", List.of("http://127.0.0.1:9999/cb"), "client_name", "Demo", "software_id", "x"));
        JsonNode json = Http.json(response);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json.get("client_id").asText()).isNotBlank();
        assertThat(json.get("client_id_issued_at").asLong()).isPositive();
        assertThat(json.get("client_secret").asText()).isNotBlank();
        assertThat(json.get("token_endpoint_auth_method").asText()).isEqualTo("client_secret_basic");
        assertThat(json.get("software_id").asText()).isEqualTo("x");
        assertThat(json.get("client_name").asText()).isEqualTo("Demo");
    }

    @Test
    void a_public_client_gets_no_secret_and_is_recorded() {
        JsonNode json = Http.json(register(Map.of("redirect_uris", List.of("http://localhost/cb"),
                "token_endpoint_auth_method", "none", "application_type", "native")));

        assertThat(json.has("client_secret")).isFalse();
        assertThat(servers.count("POST", "/register")).isEqualTo(1);
        RegisteredClient client = servers.registeredClients().get(0);
        assertThat(client.clientId()).isEqualTo(json.get("client_id").asText());
        assertThat(client.redirectUris()).containsExactly("http://localhost/cb");
        assertThat(client.tokenEndpointAuthMethod()).isEqualTo("none");
        assertThat(client.grantTypes()).containsExactly("authorization_code");
        assertThat(client.applicationType()).isEqualTo("native");
        assertThat(client.raw()).containsEntry("token_endpoint_auth_method", "none");
    }

    @Test
    void redirect_uris_must_be_present_and_loopback_http_or_https() {
        for (Object redirects : List.of(List.of(), List.of("http://example.com/cb"),
                List.of("com.example.app:/cb"), List.of("http://127.0.0.1/cb#frag"))) {
            HttpResponse<String> response = register(Map.of("redirect_uris", redirects));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Http.json(response).get("error").asText()).isEqualTo("invalid_redirect_uri");
        }
        assertThat(register(Map.of("redirect_uris", List.of("https://app.example/cb"))).statusCode())
                .isEqualTo(201);
        assertThat(servers.count("POST", "/register")).isEqualTo(5);
    }

    @Test
    void invalid_metadata_is_rejected() {
        HttpResponse<String> notJson = register("{not json");
        HttpResponse<String> badMethod = register(Map.of("redirect_uris", List.of("http://127.0.0.1/cb"),
                "token_endpoint_auth_method", "tls_client_auth"));
        HttpResponse<String> badGrant = register(Map.of("redirect_uris", List.of("http://127.0.0.1/cb"),
                "grant_types", List.of("password")));

        for (HttpResponse<String> response : List.of(notJson, badMethod, badGrant)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Http.json(response).get("error").asText()).isEqualTo("invalid_client_metadata");
        }
        assertThat(servers.registeredClients()).isEmpty();
    }
}

package dev.mcpoauth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ClientMetadataDocumentTest {

    static String documentUrl(TestServers servers, String redirectUri) {
        String callbackId = redirectUri.substring(redirectUri.lastIndexOf('/') + 1);
        return servers.clientMetadataBase() + "/" + callbackId + "/client.json?redirect_uri="
                + Http.encode(redirectUri);
    }

    @Nested
    class The_built_in_host {

        @Test
        void serves_a_public_native_client_whose_client_id_is_the_requested_url() {
            try (TestServers servers = TestServers.start()) {
                String url = documentUrl(servers, Flow.REDIRECT);

                JsonNode document = Http.json(Http.get(url));

                assertThat(servers.clientMetadataBase()).isEqualTo(servers.authorizationServerUrl() + "/cimd");
                assertThat(document.get("client_id").asText()).isEqualTo(url);
                assertThat(document.get("redirect_uris").toString()).isEqualTo("[\"" + Flow.REDIRECT + "\"]");
                assertThat(document.get("token_endpoint_auth_method").asText()).isEqualTo("none");
                assertThat(document.get("client_name").asText()).isEqualTo("mcp-oauth demo client");
                assertThat(document.get("application_type").asText()).isEqualTo("native");
            }
        }

        @Test
        void keeps_the_clients_own_percent_encoding_in_the_client_id() {
            try (TestServers servers = TestServers.start()) {
                String url = servers.clientMetadataBase() + "/cb/client.json?redirect_uri=http%3a%2f%2f127.0.0.1%3a5%2fcb";

                assertThat(Http.json(Http.get(url)).get("client_id").asText()).isEqualTo(url);
            }
        }

        @Test
        void refuses_missing_non_loopback_or_mismatched_redirect_uris() {
            try (TestServers servers = TestServers.start()) {
                String base = servers.clientMetadataBase();

                assertThat(Http.get(base + "/callback/client.json").statusCode()).isEqualTo(400);
                assertThat(Http.get(documentUrl(servers, "https://example.com/callback")).statusCode())
                        .isEqualTo(400);
                assertThat(Http.get(base + "/other/client.json?redirect_uri=" + Http.encode(Flow.REDIRECT))
                        .statusCode()).isEqualTo(400);
            }
        }
    }

    @Nested
    class Url_client_ids {

        @Test
        void are_resolved_by_fetching_the_document_at_every_authorization_request() {
            try (TestServers servers = TestServers.start()) {
                Flow flow = new Flow(servers);
                flow.clientId = documentUrl(servers, Flow.REDIRECT);

                JsonNode tokens = flow.tokens();
                flow.code();

                assertThat(tokens.get("refresh_token").asText()).isNotBlank();
                assertThat(servers.count("GET", "/cimd/callback/client.json")).isEqualTo(2);
                assertThat(servers.registeredClients()).singleElement().satisfies(client -> {
                    assertThat(client.clientId()).isEqualTo(flow.clientId);
                    assertThat(client.clientName()).isEqualTo("mcp-oauth demo client");
                    assertThat(client.tokenEndpointAuthMethod()).isEqualTo("none");
                });
            }
        }

        @Test
        void fail_with_a_400_page_when_the_redirect_uri_is_not_in_the_document() {
            try (TestServers servers = TestServers.start()) {
                Flow flow = new Flow(servers);
                flow.clientId = documentUrl(servers, Flow.REDIRECT);
                flow.redirectUri = "http://127.0.0.1:43210/elsewhere";

                HttpResponse<String> response = flow.authorize();

                assertThat(response.statusCode()).isEqualTo(400);
                assertThat(response.headers().firstValue("Location")).isEmpty();
            }
        }

        @Test
        void fail_when_the_document_cannot_be_fetched() {
            try (TestServers servers = TestServers.start()) {
                Flow flow = new Flow(servers);
                flow.clientId = servers.clientMetadataBase() + "/callback/missing.json";

                assertThat(flow.authorize().statusCode()).isEqualTo(400);
            }
        }

        @Test
        void fail_when_the_document_names_another_client_id() throws IOException {
            HttpServer host = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            host.createContext("/client.json", exchange -> {
                byte[] body = ("{\"client_id\":\"https://someone-else.example/client.json\","
                        + "\"redirect_uris\":[\"" + Flow.REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            host.start();
            try (TestServers servers = TestServers.start()) {
                Flow flow = new Flow(servers);
                flow.clientId = "http://127.0.0.1:" + host.getAddress().getPort() + "/client.json";

                HttpResponse<String> response = flow.authorize();

                assertThat(response.statusCode()).isEqualTo(400);
                assertThat(response.body()).contains("does not equal the document URL");
                assertThat(servers.registeredClients()).isEmpty();
            } finally {
                host.stop(0);
            }
        }

        @Test
        void are_unknown_clients_when_cimd_is_off() {
            try (TestServers servers = TestServers.builder().cimd(false).build().start()) {
                Flow flow = new Flow(servers);
                flow.clientId = documentUrl(servers, Flow.REDIRECT);

                assertThat(flow.authorize().statusCode()).isEqualTo(400);
                assertThat(servers.count("GET", "/cimd/callback/client.json")).isZero();
            }
        }
    }
}

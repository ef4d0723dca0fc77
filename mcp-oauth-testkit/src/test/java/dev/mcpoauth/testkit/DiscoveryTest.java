package dev.mcpoauth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DiscoveryTest {

    @Nested
    class Protected_resource_metadata {

        @Test
        void the_401_challenge_points_at_the_path_suffixed_document_by_default() {
            try (TestServers servers = TestServers.start()) {
                HttpResponse<String> response = new Flow(servers).mcp(null, "initialize", null);

                String prmUrl = "http://127.0.0.1:" + servers.mcpUrl().getPort()
                        + "/.well-known/oauth-protected-resource/mcp";
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(Http.header(response, "WWW-Authenticate"))
                        .isEqualTo("Bearer resource_metadata=\"" + prmUrl + "\"");
                JsonNode prm = Http.json(Http.get(prmUrl));
                assertThat(prm.get("resource").asText()).isEqualTo(servers.mcpUrl().toString());
                assertThat(prm.get("authorization_servers").get(0).asText()).isEqualTo(servers.issuer());
                assertThat(prm.get("scopes_supported").toString()).isEqualTo("[\"mcp:read\",\"mcp:write\"]");
                assertThat(prm.get("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
                assertThat(Http.get(origin(servers) + "/.well-known/oauth-protected-resource").statusCode())
                        .isEqualTo(404);
            }
        }

        @Test
        void the_challenge_scope_is_added_when_configured() {
            try (TestServers servers = TestServers.builder().challengeScope("mcp:read").build().start()) {
                String header = Http.header(new Flow(servers).mcp(null, "initialize", null), "WWW-Authenticate");

                assertThat(header).startsWith("Bearer resource_metadata=\"").endsWith(", scope=\"mcp:read\"");
            }
        }

        @Test
        void path_well_known_mode_serves_the_document_but_leaves_it_out_of_the_challenge() {
            try (TestServers servers = TestServers.builder().prmLocation(PrmLocation.PATH_WELL_KNOWN).build()
                    .start()) {
                assertThat(Http.header(new Flow(servers).mcp(null, "initialize", null), "WWW-Authenticate"))
                        .isEqualTo("Bearer");
                assertThat(Http.get(origin(servers) + "/.well-known/oauth-protected-resource/mcp").statusCode())
                        .isEqualTo(200);
                assertThat(Http.get(origin(servers) + "/.well-known/oauth-protected-resource").statusCode())
                        .isEqualTo(404);
            }
        }

        @Test
        void root_well_known_mode_serves_the_document_only_at_the_root() {
            try (TestServers servers = TestServers.builder().prmLocation(PrmLocation.ROOT_WELL_KNOWN).build()
                    .start()) {
                assertThat(Http.get(origin(servers) + "/.well-known/oauth-protected-resource").statusCode())
                        .isEqualTo(200);
                assertThat(Http.get(origin(servers) + "/.well-known/oauth-protected-resource/mcp").statusCode())
                        .isEqualTo(404);
            }
        }

        @Test
        void none_mode_serves_no_document() {
            try (TestServers servers = TestServers.builder().prmLocation(PrmLocation.NONE).build().start()) {
                assertThat(Http.get(origin(servers) + "/.well-known/oauth-protected-resource").statusCode())
                        .isEqualTo(404);
                assertThat(Http.get(origin(servers) + "/.well-known/oauth-protected-resource/mcp").statusCode())
                        .isEqualTo(404);
            }
        }

        @Test
        void the_resource_can_be_overridden_to_test_mismatch_detection() {
            try (TestServers servers = TestServers.builder().prmResourceOverride("https://elsewhere.example/mcp")
                    .build().start()) {
                JsonNode prm = Http.json(Http.get(origin(servers) + "/.well-known/oauth-protected-resource/mcp"));

                assertThat(prm.get("resource").asText()).isEqualTo("https://elsewhere.example/mcp");
            }
        }
    }

    @Nested
    class Authorization_server_metadata {

        @Test
        void describes_every_endpoint_and_capability_by_default() {
            try (TestServers servers = TestServers.start()) {
                HttpResponse<String> response = Http.get(servers.authorizationServerUrl()
                        + "/.well-known/oauth-authorization-server");
                JsonNode metadata = Http.json(response);

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(Http.header(response, "Content-Type")).isEqualTo("application/json");
                assertThat(servers.issuer()).isEqualTo(servers.authorizationServerUrl().toString())
                        .doesNotEndWith("/");
                assertThat(metadata.get("issuer").asText()).isEqualTo(servers.issuer());
                assertThat(metadata.get("authorization_endpoint").asText()).isEqualTo(servers.issuer() + "/authorize");
                assertThat(metadata.get("token_endpoint").asText()).isEqualTo(servers.issuer() + "/token");
                assertThat(metadata.get("registration_endpoint").asText()).isEqualTo(servers.issuer() + "/register");
                assertThat(metadata.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
                assertThat(metadata.get("grant_types_supported").toString())
                        .isEqualTo("[\"authorization_code\",\"refresh_token\",\"client_credentials\"]");
                assertThat(metadata.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
                assertThat(metadata.get("token_endpoint_auth_methods_supported").toString()).isEqualTo(
                        "[\"client_secret_basic\",\"client_secret_post\",\"none\",\"private_key_jwt\"]");
                assertThat(metadata.get("scopes_supported").toString()).isEqualTo("[\"mcp:read\",\"mcp:write\"]");
                assertThat(metadata.get("client_id_metadata_document_supported").asBoolean()).isTrue();
                assertThat(metadata.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
                assertThat(servers.authorizationServerUrl().getPort()).isNotEqualTo(servers.mcpUrl().getPort());
            }
        }

        @Test
        void optional_capabilities_disappear_when_switched_off() {
            try (TestServers servers = TestServers.builder().dcr(false).cimd(false).pkceS256Advertised(false)
                    .issParameter(IssMode.NOT_ADVERTISED).tokenEndpointAuthMethods("none").build().start()) {
                JsonNode metadata = Http.json(Http.get(servers.authorizationServerUrl()
                        + "/.well-known/oauth-authorization-server"));

                assertThat(metadata.has("registration_endpoint")).isFalse();
                assertThat(metadata.has("code_challenge_methods_supported")).isFalse();
                assertThat(metadata.has("client_id_metadata_document_supported")).isFalse();
                assertThat(metadata.has("authorization_response_iss_parameter_supported")).isFalse();
                assertThat(metadata.get("token_endpoint_auth_methods_supported").toString()).isEqualTo("[\"none\"]");
                assertThat(Http.postJson(servers.issuer() + "/register", "{}").statusCode()).isEqualTo(404);
            }
        }

        @Test
        void an_issuer_path_is_inserted_after_the_well_known_segment() {
            try (TestServers servers = TestServers.builder().issuerPath("/tenant1").build().start()) {
                String origin = servers.authorizationServerUrl().toString();
                JsonNode metadata = Http.json(Http.get(origin + "/.well-known/oauth-authorization-server/tenant1"));

                assertThat(servers.issuer()).isEqualTo(origin + "/tenant1");
                assertThat(metadata.get("issuer").asText()).isEqualTo(servers.issuer());
                assertThat(metadata.get("token_endpoint").asText()).isEqualTo(origin + "/tenant1/token");
                assertThat(Http.get(origin + "/.well-known/oauth-authorization-server").statusCode()).isEqualTo(404);
                assertThat(Http.get(origin + "/.well-known/openid-configuration/tenant1").statusCode()).isEqualTo(404);
            }
        }

        @Test
        void oidc_discovery_only_serves_the_openid_locations() {
            try (TestServers servers = TestServers.builder().issuerPath("/tenant1").oidcDiscoveryOnly(true).build()
                    .start()) {
                String origin = servers.authorizationServerUrl().toString();

                assertThat(Http.get(origin + "/.well-known/oauth-authorization-server/tenant1").statusCode())
                        .isEqualTo(404);
                assertThat(Http.json(Http.get(origin + "/.well-known/openid-configuration/tenant1")).get("issuer")
                        .asText()).isEqualTo(servers.issuer());
                assertThat(Http.get(origin + "/tenant1/.well-known/openid-configuration").statusCode())
                        .isEqualTo(200);
            }
        }

        @Test
        void the_issuer_member_can_be_overridden_to_test_mismatch_detection() {
            try (TestServers servers = TestServers.builder().metadataIssuerOverride("http://127.0.0.1:1/evil")
                    .build().start()) {
                JsonNode metadata = Http.json(Http.get(servers.authorizationServerUrl()
                        + "/.well-known/oauth-authorization-server"));

                assertThat(metadata.get("issuer").asText()).isEqualTo("http://127.0.0.1:1/evil");
                assertThat(metadata.get("token_endpoint").asText()).isEqualTo(servers.issuer() + "/token");
            }
        }
    }

    @Nested
    class Legacy_modes {

        @Test
        void origin_metadata_mode_runs_the_authorization_server_on_the_mcp_origin_without_prm() {
            try (TestServers servers = TestServers.builder().legacyMode(LegacyMode.ORIGIN_METADATA).build()
                    .start()) {
                String origin = origin(servers);
                HttpResponse<String> challenge = new Flow(servers).mcp(null, "initialize", null);

                assertThat(challenge.statusCode()).isEqualTo(401);
                assertThat(Http.header(challenge, "WWW-Authenticate")).isEqualTo("Bearer");
                assertThat(servers.issuer()).isEqualTo(origin);
                assertThat(Http.get(origin + "/.well-known/oauth-protected-resource/mcp").statusCode()).isEqualTo(404);
                JsonNode metadata = Http.json(Http.get(origin + "/.well-known/oauth-authorization-server"));
                assertThat(metadata.get("authorization_endpoint").asText()).isEqualTo(origin + "/authorize");
                assertThat(servers.requests()).last().extracting(RecordedRequest::server).isEqualTo("as");
            }
        }

        @Test
        void default_endpoints_mode_serves_no_metadata_but_a_working_flow_at_the_default_paths() {
            try (TestServers servers = TestServers.builder().legacyMode(LegacyMode.DEFAULT_ENDPOINTS).build()
                    .start()) {
                String origin = origin(servers);
                assertThat(Http.get(origin + "/.well-known/oauth-authorization-server").statusCode()).isEqualTo(404);
                assertThat(Http.get(origin + "/.well-known/oauth-protected-resource/mcp").statusCode()).isEqualTo(404);

                Flow flow = new Flow(servers).register("none");
                JsonNode tokens = flow.tokens();

                assertThat(servers.count("POST", "/register")).isEqualTo(1);
                assertThat(servers.count("POST", "/token")).isEqualTo(1);
                assertThat(flow.callTool(tokens.get("access_token").asText(), "echo", "hi").statusCode())
                        .isEqualTo(200);
            }
        }

        @Test
        void an_issuer_path_cannot_be_combined_with_a_legacy_mode() {
            TestServersBuilder builder = TestServers.builder().issuerPath("/t").legacyMode(LegacyMode.ORIGIN_METADATA);

            org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(builder::build);
        }
    }

    static String origin(TestServers servers) {
        return "http://127.0.0.1:" + servers.mcpUrl().getPort();
    }
}

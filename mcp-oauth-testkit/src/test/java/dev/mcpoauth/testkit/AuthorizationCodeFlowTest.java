package dev.mcpoauth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AuthorizationCodeFlowTest {

    private TestServers servers;
    private Flow flow;

    @BeforeEach
    void start() {
        servers = TestServers.start();
        flow = new Flow(servers).register("client_secret_basic");
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    @Nested
    class The_happy_path {

        @Test
        void a_hand_written_pkce_flow_yields_tokens_that_the_mcp_server_accepts() {
            HttpResponse<String> authorization = flow.authorize();
            Map<String, String> redirect = Http.query(Http.location(authorization));

            assertThat(authorization.statusCode()).isEqualTo(302);
            assertThat(Http.location(authorization)).startsWith(Flow.REDIRECT + "?");
            assertThat(redirect).containsEntry("state", flow.state).containsEntry("iss", servers.issuer());

            HttpResponse<String> tokenResponse = flow.token(flow.codeExchange(redirect.get("code")));
            JsonNode tokens = Http.json(tokenResponse);

            assertThat(tokenResponse.statusCode()).isEqualTo(200);
            assertThat(Http.header(tokenResponse, "Cache-Control")).isEqualTo("no-store");
            assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
            assertThat(tokens.get("expires_in").asLong()).isEqualTo(3600);
            assertThat(tokens.get("scope").asText()).isEqualTo("mcp:read");
            assertThat(tokens.get("refresh_token").asText()).isNotBlank();

            String accessToken = tokens.get("access_token").asText();
            JsonNode init = Http.json(flow.mcp(accessToken, "initialize", Map.of("protocolVersion", "2025-06-18")));
            assertThat(init.at("/result/protocolVersion").asText()).isEqualTo("2025-06-18");
            assertThat(init.at("/result/serverInfo/name").asText()).isEqualTo("mcp-oauth-testkit");
            JsonNode echo = Http.json(flow.callTool(accessToken, "echo", "hello"));
            assertThat(echo.at("/result/content/0/text").asText()).isEqualTo("hello");

            IssuedToken issued = servers.issuedTokens().get(0);
            assertThat(issued.accessToken()).isEqualTo(accessToken);
            assertThat(issued.clientId()).isEqualTo(flow.clientId);
            assertThat(issued.scopes()).containsExactly("mcp:read");
            assertThat(issued.resource()).isEqualTo(servers.mcpUrl().toString());
        }

        @Test
        void state_with_special_characters_comes_back_verbatim() {
            flow.state = "a b+c/d?e=f&g%h~é";

            Map<String, String> redirect = Http.query(Http.location(flow.authorize()));

            assertThat(redirect.get("state")).isEqualTo("a b+c/d?e=f&g%h~é");
        }

        @Test
        void a_loopback_redirect_uri_may_use_another_port() {
            flow.redirectUri = "http://127.0.0.1:50123/callback";

            HttpResponse<String> response = flow.authorize();

            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(Http.location(response)).startsWith("http://127.0.0.1:50123/callback?code=");
        }
    }

    @Nested
    class The_token_endpoint_rejects {

        @Test
        void a_wrong_code_verifier() {
            Map<String, String> form = flow.codeExchange(flow.code());
            form.put("code_verifier", Flow.randomVerifier());

            HttpResponse<String> response = flow.token(form);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Http.json(response).get("error").asText()).isEqualTo("invalid_grant");
            assertThat(Http.header(response, "Cache-Control")).isEqualTo("no-store");
        }

        @Test
        void a_missing_code_verifier() {
            Map<String, String> form = flow.codeExchange(flow.code());
            form.remove("code_verifier");

            assertThat(Http.json(flow.token(form)).get("error").asText()).isEqualTo("invalid_request");
        }

        @Test
        void a_reused_code() {
            String code = flow.code();
            assertThat(flow.token(flow.codeExchange(code)).statusCode()).isEqualTo(200);

            HttpResponse<String> second = flow.token(flow.codeExchange(code));

            assertThat(second.statusCode()).isEqualTo(400);
            assertThat(Http.json(second).get("error").asText()).isEqualTo("invalid_grant");
        }

        @Test
        void a_different_resource_than_authorized() {
            Map<String, String> form = flow.codeExchange(flow.code());
            form.put("resource", servers.mcpUrl() + "/other");

            assertThat(Http.json(flow.token(form)).get("error").asText()).isEqualTo("invalid_target");
        }

        @Test
        void a_different_redirect_uri_than_authorized() {
            Map<String, String> form = flow.codeExchange(flow.code());
            form.put("redirect_uri", "http://127.0.0.1:43210/other");

            assertThat(Http.json(flow.token(form)).get("error").asText()).isEqualTo("invalid_grant");
        }

        @Test
        void a_code_presented_by_another_client() {
            String code = flow.code();
            Flow other = new Flow(servers).register("none");

            HttpResponse<String> response = other.token(flow.codeExchange(code));

            assertThat(Http.json(response).get("error").asText()).isEqualTo("invalid_grant");
        }
    }

    @Nested
    class The_authorization_endpoint {

        @Test
        void redirects_with_invalid_target_when_the_resource_is_wrong_or_missing() {
            flow.resource = "http://127.0.0.1:1/mcp";
            Map<String, String> wrong = Http.query(Http.location(flow.authorize()));
            Map<String, String> params = flow.authorizationParams();
            params.remove("resource");
            Map<String, String> missing = Http.query(Http.location(flow.authorize(params)));

            assertThat(wrong).containsEntry("error", "invalid_target").containsEntry("state", flow.state);
            assertThat(missing).containsEntry("error", "invalid_target");
        }

        @Test
        void requires_an_s256_code_challenge() {
            Map<String, String> plain = flow.authorizationParams();
            plain.put("code_challenge_method", "plain");
            Map<String, String> none = flow.authorizationParams();
            none.remove("code_challenge");
            none.remove("code_challenge_method");

            assertThat(Http.query(Http.location(flow.authorize(plain)))).containsEntry("error", "invalid_request");
            assertThat(Http.query(Http.location(flow.authorize(none)))).containsEntry("error", "invalid_request");
        }

        @Test
        void answers_400_html_without_redirecting_for_an_unknown_client_or_redirect_uri() {
            Map<String, String> unknownClient = flow.authorizationParams();
            unknownClient.put("client_id", "nobody");
            Map<String, String> otherRedirect = flow.authorizationParams();
            otherRedirect.put("redirect_uri", "http://127.0.0.1:43210/elsewhere");

            for (Map<String, String> params : java.util.List.of(unknownClient, otherRedirect)) {
                HttpResponse<String> response = flow.authorize(params);
                assertThat(response.statusCode()).isEqualTo(400);
                assertThat(response.headers().firstValue("Location")).isEmpty();
                assertThat(Http.header(response, "Content-Type")).startsWith("text/html");
                assertThat(response.body()).contains("<title>Authorization error</title>");
            }
        }

        @Test
        void holds_a_pre_registered_client_to_its_redirect_uris() {
            try (TestServers restricted = TestServers.builder()
                    .preRegisteredClient("app", null, "http://127.0.0.1/callback").build().start()) {
                Flow app = new Flow(restricted);
                app.clientId = "app";
                HttpResponse<String> anyPort = app.authorize();
                app.redirectUri = "http://localhost:43210/callback";
                HttpResponse<String> otherHost = app.authorize();

                assertThat(anyPort.statusCode()).isEqualTo(302);
                assertThat(otherHost.statusCode()).isEqualTo(400);
            }
        }

        @Test
        void can_be_configured_to_answer_with_an_error() {
            try (TestServers denying = TestServers.builder().authorizeError("access_denied").build().start()) {
                Flow denied = new Flow(denying).register("none");

                Map<String, String> redirect = Http.query(Http.location(denied.authorize()));

                assertThat(redirect).containsEntry("error", "access_denied").containsEntry("state", denied.state)
                        .containsEntry("iss", denying.issuer()).containsKey("error_description")
                        .doesNotContainKey("code");
            }
        }

        @Test
        void rejects_unknown_scopes_only_when_asked_to() {
            flow.scope = "mcp:read unknown:scope";
            assertThat(Http.query(Http.location(flow.authorize()))).containsKey("code");

            try (TestServers strict = TestServers.builder().rejectUnknownScopes(true).build().start()) {
                Flow strictFlow = new Flow(strict).register("none");
                strictFlow.scope = "mcp:read unknown:scope";

                assertThat(Http.query(Http.location(strictFlow.authorize()))).containsEntry("error", "invalid_scope");
            }
        }
    }

    @Nested
    class The_iss_parameter {

        @Test
        void is_omitted_when_configured_so() {
            try (TestServers omitting = TestServers.builder().issParameter(IssMode.OMIT).build().start()) {
                Map<String, String> redirect = Http.query(Http.location(new Flow(omitting).register("none")
                        .authorize()));

                assertThat(redirect).containsKey("code").doesNotContainKey("iss");
            }
        }

        @Test
        void is_wrong_when_configured_so() {
            try (TestServers wrong = TestServers.builder().issParameter(IssMode.WRONG).build().start()) {
                Map<String, String> redirect = Http.query(Http.location(new Flow(wrong).register("none")
                        .authorize()));

                assertThat(redirect.get("iss")).isEqualTo(wrong.issuer() + "/wrong");
            }
        }
    }
}

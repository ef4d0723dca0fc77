package dev.mcpoauth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TokenEndpointTest {

    @Nested
    class Client_authentication {

        @Test
        void a_wrong_basic_secret_is_invalid_client_with_a_basic_challenge() {
            try (TestServers servers = TestServers.start()) {
                Flow flow = new Flow(servers).register("client_secret_basic");
                flow.clientSecret = "wrong";

                HttpResponse<String> response = flow.token(flow.codeExchange(flow.code()));

                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(Http.json(response).get("error").asText()).isEqualTo("invalid_client");
                assertThat(Http.header(response, "WWW-Authenticate")).startsWith("Basic ");
            }
        }

        @Test
        void basic_credentials_are_form_url_decoded() {
            try (TestServers servers = TestServers.builder().preRegisteredClient("id:with space", "s3cr+t/=")
                    .build().start()) {
                Flow flow = new Flow(servers);
                flow.clientId = "id:with space";
                flow.clientSecret = "s3cr+t/=";

                assertThat(flow.tokens().get("access_token").asText()).isNotBlank();

                String raw = Base64.getEncoder().encodeToString("id:with space:s3cr+t/=".getBytes(
                        StandardCharsets.UTF_8));
                Flow unencoded = new Flow(servers);
                unencoded.clientId = "id:with space";
                Map<String, String> form = unencoded.codeExchange(unencoded.code());
                HttpResponse<String> response = Http.postForm(servers.issuer() + "/token", form,
                        "Authorization", "Basic " + raw);
                assertThat(response.statusCode()).isEqualTo(401);
            }
        }

        @Test
        void a_client_must_use_the_method_it_registered() {
            try (TestServers servers = TestServers.start()) {
                Flow flow = new Flow(servers).register("client_secret_post");
                Map<String, String> basicForm = flow.codeExchange(flow.code());

                HttpResponse<String> basic = flow.token(basicForm);
                assertThat(basic.statusCode()).isEqualTo(401);
                assertThat(Http.json(basic).get("error_description").asText())
                        .contains("client_secret_post").contains("client_secret_basic");

                Map<String, String> postForm = flow.codeExchange(flow.code());
                postForm.put("client_id", flow.clientId);
                postForm.put("client_secret", flow.clientSecret);
                assertThat(Http.postForm(servers.issuer() + "/token", postForm).statusCode()).isEqualTo(200);
            }
        }

        @Test
        void a_confidential_client_cannot_skip_authentication() {
            try (TestServers servers = TestServers.start()) {
                Flow flow = new Flow(servers).register("client_secret_basic");
                String secret = flow.clientSecret;
                flow.clientSecret = null;

                HttpResponse<String> response = flow.token(flow.codeExchange(flow.code()));

                assertThat(secret).isNotBlank();
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(Http.json(response).get("error").asText()).isEqualTo("invalid_client");
            }
        }

        @Test
        void private_key_jwt_is_verified_against_the_registered_key() throws JOSEException {
            try (TestServers servers = TestServers.start()) {
                ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
                servers.registerPublicKey("jwt-client", key.toPublicJWK());
                Flow flow = new Flow(servers);
                flow.clientId = "jwt-client";

                Map<String, String> form = flow.codeExchange(flow.code());
                form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
                form.put("client_assertion", assertion(key, "jwt-client", servers.issuer() + "/token"));
                HttpResponse<String> good = Http.postForm(servers.issuer() + "/token", form);
                assertThat(good.statusCode()).as(good.body()).isEqualTo(200);

                ECKey otherKey = new ECKeyGenerator(Curve.P_256).generate();
                Map<String, String> forged = flow.codeExchange(flow.code());
                forged.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
                forged.put("client_assertion", assertion(otherKey, "jwt-client", servers.issuer()));
                HttpResponse<String> bad = Http.postForm(servers.issuer() + "/token", forged);
                assertThat(bad.statusCode()).isEqualTo(401);
                assertThat(Http.json(bad).get("error").asText()).isEqualTo("invalid_client");
            }
        }

        private String assertion(ECKey key, String clientId, String audience) throws JOSEException {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                    new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(audience)
                            .jwtID(UUID.randomUUID().toString())
                            .expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        }
    }

    @Nested
    class Refresh_tokens {

        @Test
        void reusable_refresh_tokens_issue_new_access_tokens_without_a_new_refresh_token() {
            try (TestServers servers = TestServers.start()) {
                Flow flow = new Flow(servers).register("none");
                String refreshToken = flow.tokens().get("refresh_token").asText();

                JsonNode first = Http.json(flow.token(flow.refresh(refreshToken)));
                JsonNode second = Http.json(flow.token(flow.refresh(refreshToken)));

                assertThat(first.get("access_token").asText()).isNotBlank();
                assertThat(first.has("refresh_token")).isFalse();
                assertThat(second.get("access_token").asText()).isNotEqualTo(first.get("access_token").asText());
            }
        }

        @Test
        void single_use_refresh_tokens_rotate_and_reject_reuse() {
            try (TestServers servers = TestServers.builder().singleUseRefreshTokens(true).build().start()) {
                Flow flow = new Flow(servers).register("none");
                String original = flow.tokens().get("refresh_token").asText();

                JsonNode rotated = Http.json(flow.token(flow.refresh(original)));
                HttpResponse<String> reuse = flow.token(flow.refresh(original));
                HttpResponse<String> next = flow.token(flow.refresh(rotated.get("refresh_token").asText()));

                assertThat(rotated.get("refresh_token").asText()).isNotEqualTo(original);
                assertThat(reuse.statusCode()).isEqualTo(400);
                assertThat(Http.json(reuse).get("error").asText()).isEqualTo("invalid_grant");
                assertThat(next.statusCode()).isEqualTo(200);
            }
        }

        @Test
        void refreshing_after_expiry_restores_access_to_the_mcp_server() {
            try (TestServers servers = TestServers.start()) {
                Flow flow = new Flow(servers).register("none");
                JsonNode tokens = flow.tokens();
                String accessToken = tokens.get("access_token").asText();

                servers.expireAccessTokens();
                HttpResponse<String> expired = flow.callTool(accessToken, "echo", "x");
                String fresh = Http.json(flow.token(flow.refresh(tokens.get("refresh_token").asText())))
                        .get("access_token").asText();

                assertThat(expired.statusCode()).isEqualTo(401);
                assertThat(Http.header(expired, "WWW-Authenticate")).contains("error=\"invalid_token\"");
                assertThat(flow.callTool(fresh, "echo", "x").statusCode()).isEqualTo(200);
                assertThat(servers.issuedTokens()).hasSize(2);
                assertThat(servers.issuedTokens().get(0).expiresAt()).isBeforeOrEqualTo(Instant.now());
            }
        }

        @Test
        void a_refresh_may_narrow_but_not_widen_the_scope() {
            try (TestServers servers = TestServers.start()) {
                Flow flow = new Flow(servers).register("none");
                flow.scope = "mcp:read mcp:write";
                String refreshToken = flow.tokens().get("refresh_token").asText();

                Map<String, String> narrow = flow.refresh(refreshToken);
                narrow.put("scope", "mcp:read");
                Map<String, String> wide = flow.refresh(refreshToken);
                wide.put("scope", "mcp:read offline_access");

                assertThat(Http.json(flow.token(narrow)).get("scope").asText()).isEqualTo("mcp:read");
                assertThat(Http.json(flow.token(wide)).get("error").asText()).isEqualTo("invalid_scope");
            }
        }

        @Test
        void clients_not_registered_for_the_refresh_grant_get_no_refresh_token() {
            try (TestServers servers = TestServers.start()) {
                Flow flow = new Flow(servers).register("none", "authorization_code");

                assertThat(flow.tokens().has("refresh_token")).isFalse();
            }
        }
    }

    @Nested
    class Client_credentials {

        @Test
        void a_confidential_pre_registered_client_gets_a_token_for_the_mcp_resource() {
            try (TestServers servers = TestServers.builder().preRegisteredClient("svc", "pw").build().start()) {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("grant_type", "client_credentials");
                form.put("client_id", "svc");
                form.put("client_secret", "pw");
                form.put("scope", "mcp:write");
                form.put("resource", servers.mcpUrl().toString());

                JsonNode tokens = Http.json(Http.postForm(servers.issuer() + "/token", form));

                assertThat(tokens.get("scope").asText()).isEqualTo("mcp:write");
                assertThat(tokens.has("refresh_token")).isFalse();
                assertThat(new Flow(servers).callTool(tokens.get("access_token").asText(), "admin_echo", "ok")
                        .statusCode()).isEqualTo(200);
            }
        }

        @Test
        void a_public_client_is_refused() {
            try (TestServers servers = TestServers.builder().preRegisteredClient("app", null).build().start()) {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("grant_type", "client_credentials");
                form.put("client_id", "app");
                form.put("resource", servers.mcpUrl().toString());

                assertThat(Http.json(Http.postForm(servers.issuer() + "/token", form)).get("error").asText())
                        .isEqualTo("unauthorized_client");
            }
        }
    }

    @Test
    void a_short_access_token_lifetime_is_reported_and_enforced() throws InterruptedException {
        try (TestServers servers = TestServers.builder().accessTokenLifetime(Duration.ofSeconds(1)).build()
                .start()) {
            Flow flow = new Flow(servers).register("none");
            JsonNode tokens = flow.tokens();

            assertThat(tokens.get("expires_in").asLong()).isEqualTo(1);
            Thread.sleep(1100);
            assertThat(flow.callTool(tokens.get("access_token").asText(), "echo", "x").statusCode()).isEqualTo(401);
        }
    }
}

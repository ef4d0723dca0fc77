package dev.mcpoauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.registration.RecordingServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The JWT bearer (RFC 7523) and token exchange (RFC 8693) grants, against a recording server. */
class TokenClientGrantsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ResourceUri RESOURCE = ResourceUri.of("https://mcp.example.com/mcp");
    private static final String TOKEN_JSON = "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":60}";

    private RecordingServer server;
    private TokenClient tokens;
    private String issuer;

    @BeforeEach
    void start() {
        server = RecordingServer.start();
        issuer = server.uri("").toString();
        tokens = new TokenClient(HttpTransport.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String signedJwt(String audience) throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), new JWTClaimsSet.Builder()
                .issuer("https://idp.example.test").subject("workload").audience(audience)
                .expirationTime(Date.from(NOW.plusSeconds(300))).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    @Nested
    class JwtBearer {
        @Test
        void aPublicClientSendsTheGrantTypeAssertionClientIdResourceAndScope() throws Exception {
            String assertion = signedJwt(issuer);
            server.enqueueJson(200, TOKEN_JSON);
            PreRegistered client = new PreRegistered("workload-1", null, ClientAuthenticationMethod.NONE, null, null);

            Tokens received = tokens.jwtBearer(new TokenEndpoint(server.uri("/token"), issuer, client, RESOURCE),
                    assertion, Set.of("mcp:read"));

            assertThat(server.onlyRequest().form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
                    "assertion", assertion,
                    "client_id", "workload-1",
                    "scope", "mcp:read",
                    "resource", "https://mcp.example.com/mcp"));
            assertThat(received.accessToken()).isEqualTo("at-1");
            assertThat(received.expiresAt()).isEqualTo(NOW.plusSeconds(60));
        }

        @Test
        void aConfidentialClientAuthenticatesWithBasic() throws Exception {
            server.enqueueJson(200, TOKEN_JSON);
            PreRegistered client = new PreRegistered("app", new Secret("s3cret"), null, null, null);

            tokens.jwtBearer(new TokenEndpoint(server.uri("/token"), issuer, client, RESOURCE), signedJwt(issuer), Set.of());

            assertThat(server.onlyRequest().header("authorization")).startsWith("Basic ");
            assertThat(server.onlyRequest().form()).doesNotContainKey("client_id").doesNotContainKey("scope");
        }

        @Test
        void aRejectedAssertionIsReportedWithoutTheAssertion() throws Exception {
            String assertion = signedJwt(issuer);
            server.enqueueJson(400, "{\"error\":\"invalid_grant\",\"error_description\":\"JWT assertion is expired\"}");
            PreRegistered client = PreRegistered.publicClient("workload-1");

            assertThatThrownBy(() -> tokens.jwtBearer(new TokenEndpoint(server.uri("/token"), issuer, client, RESOURCE),
                    assertion, Set.of()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_GRANT);
                        assertThat(e.detail()).isEqualTo("the token endpoint `" + server.uri("/token")
                                + "` rejected the JWT bearer grant request: invalid_grant (JWT assertion is expired)");
                    });
            assertThat(server.requests()).hasSize(1);
        }

        @Test
        void anAssertionThatIsNotAJwtIsRefusedBeforeAnyRequest() {
            PreRegistered client = PreRegistered.publicClient("workload-1");

            assertThatThrownBy(() -> tokens.jwtBearer(new TokenEndpoint(server.uri("/token"), issuer, client, RESOURCE),
                    "not-a-jwt", Set.of()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.detail()).isEqualTo(
                                "the JWT bearer assertion is not a signed JWT in compact form (RFC 7523 §2.1)");
                    });
            assertThat(server.requests()).isEmpty();
        }
    }

    @Nested
    class TokenExchangeGrant {
        @Test
        void exchangesAnIdTokenForAnIdentityAssertionGrant() {
            server.enqueueJson(200, "{\"access_token\":\"jag-1\",\"issued_token_type\":"
                    + "\"urn:ietf:params:oauth:token-type:id-jag\",\"token_type\":\"N_A\",\"expires_in\":300}");
            PreRegistered idpClient = PreRegistered.publicClient("idp-client");

            ExchangedToken jag = tokens.exchangeToken(new TokenEndpoint(server.uri("/token"), issuer, idpClient, RESOURCE),
                    new TokenExchange("id-token-1", TokenExchange.ID_TOKEN, TokenExchange.ID_JAG,
                            "https://auth.example.com", Set.of()));

            assertThat(server.onlyRequest().form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                    "subject_token", "id-token-1",
                    "subject_token_type", "urn:ietf:params:oauth:token-type:id_token",
                    "requested_token_type", "urn:ietf:params:oauth:token-type:id-jag",
                    "audience", "https://auth.example.com",
                    "resource", "https://mcp.example.com/mcp",
                    "client_id", "idp-client"));
            assertThat(jag).isEqualTo(new ExchangedToken("jag-1", TokenExchange.ID_JAG, "N_A"));
            assertThat(jag.toString()).doesNotContain("jag-1");
        }

        @Test
        void anAnswerWithoutTheIssuedTokenTypeIsMalformed() {
            server.enqueueJson(200, "{\"access_token\":\"jag-1\",\"token_type\":\"N_A\"}");

            assertThatThrownBy(() -> tokens.exchangeToken(new TokenEndpoint(server.uri("/token"), issuer,
                    PreRegistered.publicClient("idp-client"), null),
                    new TokenExchange("id-token-1", TokenExchange.ID_TOKEN, null, null, Set.of())))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
                        assertThat(e.detail()).isEqualTo("token exchange response from `" + server.uri("/token")
                                + "` has no issued_token_type (RFC 8693 §2.2.1)");
                    });
        }
    }
}

package dev.mcpoauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.registration.ClientIdentity;
import dev.mcpoauth.registration.DynamicallyRegistered;
import dev.mcpoauth.registration.MetadataDocument;
import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.registration.RecordingServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TokenClientTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ResourceUri RESOURCE = ResourceUri.of("https://mcp.example.com/mcp");
    private static final URI REDIRECT = URI.create("http://127.0.0.1:4321/callback/8t06V3nLEwB8");
    /** The RFC 7636 Appendix B verifier: 43 unreserved characters. */
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String TOKEN_JSON = "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
            + "\"refresh_token\":\"rt-1\",\"scope\":\"mcp:read mcp:write\"}";

    private RecordingServer server;
    private final AtomicInteger exchanges = new AtomicInteger();
    private TokenClient tokens;
    private String issuer;

    @BeforeEach
    void start() {
        server = RecordingServer.start();
        issuer = server.uri("").toString();
        HttpTransport http = HttpTransport.builder().listener((call, result, failure) -> exchanges.incrementAndGet()).build();
        tokens = new TokenClient(http, CLOCK);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TokenEndpoint endpoint(ClientIdentity client) {
        return new TokenEndpoint(server.uri("/token"), issuer, client, RESOURCE);
    }

    private MetadataDocument publicClient() {
        return new MetadataDocument("https://meta.example.test/oauth/8t06V3nLEwB8/client.json", issuer);
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Nested
    class CodeExchange {

        @Test
        void aPublicClientSendsItsClientIdTheVerifierAndTheResource() {
            server.enqueueJson(200, TOKEN_JSON);

            Tokens received = tokens.exchangeCode(endpoint(publicClient()), "code-1", REDIRECT, VERIFIER);

            RecordingServer.Recorded request = server.onlyRequest();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/token");
            assertThat(request.header("content-type")).startsWith("application/x-www-form-urlencoded");
            assertThat(request.header("authorization")).isNull();
            assertThat(request.form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "grant_type", "authorization_code",
                    "code", "code-1",
                    "redirect_uri", REDIRECT.toString(),
                    "code_verifier", VERIFIER,
                    "client_id", publicClient().clientId(),
                    "resource", "https://mcp.example.com/mcp"));
            assertThat(received).isEqualTo(new Tokens("at-1", "Bearer", "rt-1", NOW.plusSeconds(3600),
                    Set.of("mcp:read", "mcp:write")));
        }

        @Test
        void clientSecretBasicFormEncodesIdAndSecretBeforeBase64() {
            String clientId = "client:1 é";
            String secret = "p@ss:w rd/+%";
            server.enqueueJson(200, TOKEN_JSON);

            tokens.exchangeCode(endpoint(new PreRegistered(clientId, new Secret(secret), null, null, issuer)),
                    "code-1", REDIRECT, VERIFIER);

            RecordingServer.Recorded request = server.onlyRequest();
            String expected = "Basic " + Base64.getEncoder().encodeToString(
                    (formEncode(clientId) + ":" + formEncode(secret)).getBytes(StandardCharsets.UTF_8));
            assertThat(request.header("authorization")).isEqualTo(expected);
            assertThat(request.form()).doesNotContainKeys("client_secret", "client_id")
                    .containsEntry("resource", "https://mcp.example.com/mcp");
        }

        @Test
        void clientSecretPostPutsIdAndSecretInTheBody() {
            server.enqueueJson(200, TOKEN_JSON);
            DynamicallyRegistered client = new DynamicallyRegistered("dyn-1", new Secret("dyn-secret"),
                    ClientAuthenticationMethod.CLIENT_SECRET_POST, issuer, List.of(REDIRECT.toString()), null);

            tokens.exchangeCode(endpoint(client), "code-1", REDIRECT, VERIFIER);

            RecordingServer.Recorded request = server.onlyRequest();
            assertThat(request.header("authorization")).isNull();
            assertThat(request.form()).containsEntry("client_id", "dyn-1").containsEntry("client_secret", "dyn-secret");
        }

        @Test
        void privateKeyJwtSendsAnAssertionSignedWithTheClientsRsaKey() throws Exception {
            RSAKey key = new RSAKeyGenerator(2048).keyID("key-1").generate();
            server.enqueueJson(200, TOKEN_JSON);

            tokens.exchangeCode(endpoint(new PreRegistered("jwt-client", null, ClientAuthenticationMethod.PRIVATE_KEY_JWT,
                    key, issuer)), "code-1", REDIRECT, VERIFIER);

            Map<String, String> form = server.onlyRequest().form();
            assertThat(form).containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                    .doesNotContainKey("client_secret");
            SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
            assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
            assertThat(assertion.getHeader().getKeyID()).isEqualTo("key-1");
            assertThat(assertion.verify(new RSASSAVerifier(key.toPublicJWK()))).isTrue();
            assertClaims(assertion.getJWTClaimsSet(), "jwt-client");
        }

        @Test
        void acceptsTheTokenTypeInAnyCase() {
            server.enqueueJson(200, "{\"access_token\":\"at-2\",\"token_type\":\"bearer\"}");

            Tokens received = tokens.exchangeCode(endpoint(publicClient()), "code-1", REDIRECT, VERIFIER);

            assertThat(received).isEqualTo(new Tokens("at-2", "Bearer", null, null, Set.of()));
        }
    }

    private void assertClaims(JWTClaimsSet claims, String clientId) {
        assertThat(claims.getIssuer()).isEqualTo(clientId);
        assertThat(claims.getSubject()).isEqualTo(clientId);
        assertThat(claims.getAudience()).containsExactly(issuer);
        assertThat(claims.getExpirationTime()).isAfter(new Date());
        assertThat(claims.getJWTID()).isNotBlank();
    }

    @Nested
    class Refresh {

        @Test
        void keepsTheOldRefreshTokenWhenTheResponseHasNone() {
            server.enqueueJson(200, "{\"access_token\":\"at-2\",\"token_type\":\"Bearer\",\"expires_in\":60}");

            Tokens refreshed = tokens.refresh(endpoint(publicClient()), "rt-old", Set.of());

            assertThat(refreshed).isEqualTo(new Tokens("at-2", "Bearer", "rt-old", NOW.plusSeconds(60), Set.of()));
            assertThat(server.onlyRequest().form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "grant_type", "refresh_token",
                    "refresh_token", "rt-old",
                    "client_id", publicClient().clientId(),
                    "resource", "https://mcp.example.com/mcp"));
        }

        @Test
        void takesANewRefreshTokenWhenOneIsIssued() {
            server.enqueueJson(200, TOKEN_JSON);

            assertThat(tokens.refresh(endpoint(publicClient()), "rt-old", Set.of()).refreshToken()).isEqualTo("rt-1");
        }

        @Test
        void sendsRequestedScopesAndKeepsThemWhenTheResponseOmitsScope() {
            server.enqueueJson(200, "{\"access_token\":\"at-2\",\"token_type\":\"Bearer\"}");

            Tokens refreshed = tokens.refresh(endpoint(publicClient()), "rt-old", Set.of("mcp:read"));

            assertThat(server.onlyRequest().form()).containsEntry("scope", "mcp:read");
            assertThat(refreshed.scopes()).containsExactly("mcp:read");
        }

        @Test
        void ofStoredTokensKeepsTheirRefreshTokenAndScopes() {
            server.enqueueJson(200, "{\"access_token\":\"at-2\",\"token_type\":\"Bearer\"}");
            Tokens previous = new Tokens("at-1", "Bearer", "rt-1", NOW, Set.of("mcp:read"));

            Tokens refreshed = tokens.refresh(endpoint(publicClient()), previous);

            assertThat(refreshed).isEqualTo(new Tokens("at-2", "Bearer", "rt-1", null, Set.of("mcp:read")));
            assertThat(server.onlyRequest().form()).doesNotContainKey("scope");
        }

        @Test
        void ofTokensWithoutARefreshTokenNeedsALogin() {
            assertThatThrownBy(() -> tokens.refresh(endpoint(publicClient()), new Tokens("at", "Bearer", null, null, null)))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOGIN_REQUIRED));
            assertThat(exchanges).hasValue(0);
        }

        @Test
        void reportsInvalidGrantWithItsOwnCode() {
            server.enqueueJson(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token expired\"}");

            assertThatThrownBy(() -> tokens.refresh(endpoint(publicClient()), "rt-old", Set.of()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_GRANT);
                        assertThat(e.oauthError()).contains("invalid_grant");
                    })
                    .hasMessage("the token endpoint `" + server.uri("/token") + "` rejected the refresh request: invalid_grant"
                            + " (Refresh token expired). Run `mcp-oauth login <name>` to log in again.");
        }

        @Test
        void neverEchoesTheRefreshTokenInAnError() {
            server.enqueueJson(400, "{\"error\":\"invalid_grant\",\"error_description\":\"token rt-old-123 was revoked\"}");

            assertThatThrownBy(() -> tokens.refresh(endpoint(publicClient()), "rt-old-123", Set.of()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.detail())
                            .endsWith("invalid_grant (token *** was revoked)")
                            .doesNotContain("rt-old-123"));
        }
    }

    @Nested
    class ClientCredentials {

        @Test
        void sendsTheGrantScopeAndResourceWithClientAuthentication() {
            server.enqueueJson(200, "{\"access_token\":\"at-cc\",\"token_type\":\"Bearer\",\"expires_in\":300}");

            Tokens received = tokens.clientCredentials(endpoint(new PreRegistered("svc", new Secret("svc-secret"), null, null,
                    null)), Set.of("mcp:read"));

            RecordingServer.Recorded request = server.onlyRequest();
            assertThat(request.header("authorization")).startsWith("Basic ");
            assertThat(request.form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "grant_type", "client_credentials",
                    "scope", "mcp:read",
                    "resource", "https://mcp.example.com/mcp"));
            assertThat(received).isEqualTo(new Tokens("at-cc", "Bearer", null, NOW.plusSeconds(300), Set.of("mcp:read")));
        }

        @Test
        void signsWithAnEcKeyAsEs256() throws Exception {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
            server.enqueueJson(200, "{\"access_token\":\"at-cc\",\"token_type\":\"Bearer\"}");

            tokens.clientCredentials(endpoint(new PreRegistered("ec-client", null, null, key, issuer)), Set.of());

            Map<String, String> form = server.onlyRequest().form();
            assertThat(form).doesNotContainKey("scope").containsEntry("resource", "https://mcp.example.com/mcp");
            SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
            assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
            assertThat(assertion.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
            assertClaims(assertion.getJWTClaimsSet(), "ec-client");
        }

        @Test
        void refusesAPublicClientBeforeAnyRequest() {
            assertThatThrownBy(() -> tokens.clientCredentials(endpoint(publicClient()), Set.of()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("the client credentials grant needs client authentication");
            assertThat(exchanges).hasValue(0);
        }
    }

    @Nested
    class Refusals {

        @Test
        void aPlainHttpEndpointOnAnotherHostIsRefusedBeforeAnyRequest() {
            TokenEndpoint insecure = new TokenEndpoint(URI.create("http://auth.example.test/token"), issuer, publicClient(),
                    RESOURCE);

            assertThatThrownBy(() -> tokens.exchangeCode(insecure, "code-1", REDIRECT, VERIFIER))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INSECURE_ENDPOINT);
                        assertThat(e.detail()).isEqualTo("refusing to call the token endpoint `http://auth.example.test/token`:"
                                + " it must use TLS unless its host is loopback (RFC 6749 §3.2)");
                    });
            assertThatThrownBy(() -> tokens.refresh(insecure, "rt", Set.of())).isInstanceOf(McpOAuthException.class);
            assertThatThrownBy(() -> tokens.clientCredentials(insecure, Set.of())).isInstanceOf(McpOAuthException.class);
            assertThat(exchanges).hasValue(0);
        }

        @Test
        void anErrorResponseIsTokenRejectedWithTheOAuthErrorAndASanitisedDescription() {
            server.enqueueJson(401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");

            assertThatThrownBy(() -> tokens.exchangeCode(endpoint(publicClient()), "code-secret-1", REDIRECT, VERIFIER))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_REJECTED))
                    .hasMessage("the token endpoint `" + server.uri("/token") + "` rejected the authorization code exchange:"
                            + " invalid_client (Client authentication failed). " + ErrorCode.TOKEN_REJECTED.hint());
        }

        @Test
        void anErrorDescriptionNeverCarriesTheCodeOrControlCharacters() {
            server.enqueueJson(400, "{\"error\":\"invalid_request\",\"error_description\":\"bad code code-secret-1\\r\\nX-Injected: 1\"}");

            assertThatThrownBy(() -> tokens.exchangeCode(endpoint(publicClient()), "code-secret-1", REDIRECT, VERIFIER))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_REJECTED);
                        assertThat(e.detail()).doesNotContain("code-secret-1").doesNotContain("\r").doesNotContain("\n")
                                .startsWith("the token endpoint `" + server.uri("/token") + "` rejected the authorization code"
                                        + " exchange: invalid_request (bad code ***");
                    });
        }

        @Test
        void aFailureWithoutAnOAuthErrorIsReportedByStatus() {
            server.enqueue(502, "text/html", "<html>bad gateway</html>");

            assertThatThrownBy(() -> tokens.refresh(endpoint(publicClient()), "rt", Set.of()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_REJECTED);
                        assertThat(e.detail()).isEqualTo("the token endpoint `" + server.uri("/token")
                                + "` answered the refresh request with HTTP 502 and no OAuth error (RFC 6749 §5.2)");
                    });
        }

        @Test
        void aMissingTokenTypeIsMalformed() {
            server.enqueueJson(200, "{\"access_token\":\"at-1\"}");

            assertThatThrownBy(() -> tokens.exchangeCode(endpoint(publicClient()), "code-1", REDIRECT, VERIFIER))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
                        assertThat(e.detail()).isEqualTo("token response has no token_type; only Bearer is supported (RFC 6749 §5.1)");
                    });
        }

        @Test
        void aTokenTypeOtherThanBearerIsMalformed() {
            server.enqueueJson(200, "{\"access_token\":\"at-1\",\"token_type\":\"DPoP\"}");

            assertThatThrownBy(() -> tokens.exchangeCode(endpoint(publicClient()), "code-1", REDIRECT, VERIFIER))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
                        assertThat(e.detail()).isEqualTo("token response has token_type `DPoP`; only Bearer is supported");
                    });
        }

        @Test
        void aResponseThatIsNotJsonIsMalformed() {
            server.enqueue(200, "text/plain", "access_token=at-1&token_type=bearer");

            assertThatThrownBy(() -> tokens.exchangeCode(endpoint(publicClient()), "code-1", REDIRECT, VERIFIER))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE));
        }

        @Test
        void aClientOfAnotherIssuerCannotBeUsed() {
            PreRegistered other = new PreRegistered("c", new Secret("s"), null, null, "https://other.example.com");

            assertThatThrownBy(() -> endpoint(other))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.detail()).isEqualTo("the client `c` belongs to the issuer `https://other.example.com`, not `"
                                + issuer + "`");
                    });
        }

        @Test
        void anInvalidCodeVerifierIsRefusedBeforeAnyRequest() {
            assertThatThrownBy(() -> tokens.exchangeCode(endpoint(publicClient()), "code-1", REDIRECT, "short"))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
            assertThat(exchanges).hasValue(0);
        }
    }

    @Nested
    class Masking {

        @Test
        void noValueInTheEndpointOrTokensShowsItsSecrets() {
            server.enqueueJson(200, "{\"access_token\":\"access-value-9\",\"token_type\":\"Bearer\",\"refresh_token\":\"refresh-value-9\"}");
            TokenEndpoint endpoint = endpoint(new PreRegistered("c", new Secret("client-secret-9"), null, null, issuer));

            Tokens received = tokens.exchangeCode(endpoint, "code-1", REDIRECT, VERIFIER);

            assertThat(endpoint.toString()).doesNotContain("client-secret-9");
            assertThat(received.toString()).doesNotContain("access-value-9").doesNotContain("refresh-value-9");
        }
    }
}

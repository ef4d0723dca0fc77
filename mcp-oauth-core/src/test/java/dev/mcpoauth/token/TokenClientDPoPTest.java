package dev.mcpoauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.dpop.DPoPProofs;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.registration.MetadataDocument;
import dev.mcpoauth.registration.RecordingServer;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Token requests with DPoP proofs (RFC 9449 §5, §8) through a transport that has {@link DPoPProofs}. */
class TokenClientDPoPTest {
    private static final URI REDIRECT = URI.create("http://127.0.0.1:4321/callback/x");
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String DPOP_TOKEN = "{\"access_token\":\"at-1\",\"token_type\":\"DPoP\",\"expires_in\":60}";

    private RecordingServer server;
    private final DPoPProofs dpop = DPoPProofs.generate();
    private TokenClient tokens;
    private TokenEndpoint endpoint;

    @BeforeEach
    void start() {
        server = RecordingServer.start();
        String issuer = server.uri("").toString();
        tokens = new TokenClient(HttpTransport.builder().dpop(dpop).build(), Clock.systemUTC());
        endpoint = new TokenEndpoint(server.uri("/token"), issuer,
                new MetadataDocument("https://app.example.test/client.json", issuer), ResourceUri.of("https://mcp.example.com/mcp"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static SignedJWT proofOf(RecordingServer.Recorded request) throws Exception {
        SignedJWT proof = SignedJWT.parse(request.header("dpop"));
        ECKey key = (ECKey) proof.getHeader().getJWK();
        assertThat(key.isPrivate()).isFalse();
        assertThat(proof.verify(new ECDSAVerifier(key))).isTrue();
        return proof;
    }

    @Nested
    class Proofs {
        @Test
        void theCodeExchangeCarriesAProofForPostToTheTokenEndpoint() throws Exception {
            server.enqueueJson(200, DPOP_TOKEN);

            Tokens received = tokens.exchangeCode(endpoint, "code-1", REDIRECT, VERIFIER);

            SignedJWT proof = proofOf(server.onlyRequest());
            assertThat(proof.getHeader().getType().toString()).isEqualTo("dpop+jwt");
            assertThat(proof.getJWTClaimsSet().getStringClaim("htm")).isEqualTo("POST");
            assertThat(proof.getJWTClaimsSet().getStringClaim("htu")).isEqualTo(server.uri("/token").toString());
            assertThat(proof.getJWTClaimsSet().getClaim("ath")).isNull();
            assertThat(proof.getJWTClaimsSet().getJWTID()).isNotBlank();
            assertThat(received.tokenType()).isEqualTo("DPoP");
        }

        @Test
        void aBearerAnswerIsStillAccepted() {
            server.enqueueJson(200, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\"}");

            assertThat(tokens.exchangeCode(endpoint, "code-1", REDIRECT, VERIFIER).tokenType()).isEqualTo("Bearer");
        }
    }

    @Nested
    class Nonces {
        @Test
        void retriesOnceWithTheAuthorizationServersNonce() throws Exception {
            server.enqueue(400, "application/json", "{\"error\":\"use_dpop_nonce\"}", Map.of("DPoP-Nonce", "n-1"));
            server.enqueueJson(200, DPOP_TOKEN);

            Tokens received = tokens.exchangeCode(endpoint, "code-1", REDIRECT, VERIFIER);

            assertThat(server.requests()).hasSize(2);
            assertThat(proofOf(server.requests().get(0)).getJWTClaimsSet().getClaim("nonce")).isNull();
            SignedJWT retry = proofOf(server.requests().get(1));
            assertThat(retry.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("n-1");
            assertThat(retry.getJWTClaimsSet().getJWTID())
                    .isNotEqualTo(proofOf(server.requests().get(0)).getJWTClaimsSet().getJWTID());
            assertThat(received.accessToken()).isEqualTo("at-1");
        }

        @Test
        void doesNotRetryASecondTime() {
            server.enqueue(400, "application/json", "{\"error\":\"use_dpop_nonce\"}", Map.of("DPoP-Nonce", "n-1"));
            server.enqueue(400, "application/json", "{\"error\":\"use_dpop_nonce\"}", Map.of("DPoP-Nonce", "n-2"));

            assertThatThrownBy(() -> tokens.exchangeCode(endpoint, "code-1", REDIRECT, VERIFIER))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_REJECTED);
                        assertThat(e.detail()).isEqualTo("the token endpoint `" + server.uri("/token")
                                + "` rejected the authorization code exchange: use_dpop_nonce");
                    });
            assertThat(server.requests()).hasSize(2);
        }

        @Test
        void aUseDpopNonceErrorWithoutANonceIsNotRetried() {
            server.enqueue(400, "application/json", "{\"error\":\"use_dpop_nonce\"}", Map.of());

            assertThatThrownBy(() -> tokens.exchangeCode(endpoint, "code-1", REDIRECT, VERIFIER))
                    .isInstanceOf(McpOAuthException.class);
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void withoutDPoPADPoPTokenTypeIsRefused() {
        TokenClient plain = new TokenClient(HttpTransport.defaults(), Clock.systemUTC());
        server.enqueueJson(200, DPOP_TOKEN);

        assertThatThrownBy(() -> plain.exchangeCode(endpoint, "code-1", REDIRECT, VERIFIER))
                .isInstanceOfSatisfying(McpOAuthException.class, e ->
                        assertThat(e.detail()).isEqualTo("token response has token_type `DPoP`; only Bearer is supported"));
        assertThat(server.onlyRequest().header("dpop")).isNull();
    }
}

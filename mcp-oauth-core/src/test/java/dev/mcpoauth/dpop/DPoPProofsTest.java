package dev.mcpoauth.dpop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DPoPProofsTest {
    private final DPoPProofs dpop = DPoPProofs.generate();

    @Nested
    class AProofForAResourceRequest {
        @Test
        void bindsTheAccessTokenWithItsHash() throws Exception {
            SignedJWT proof = SignedJWT.parse(dpop.proof("POST", URI.create("https://mcp.example.com/mcp"), "at-1"));

            String expected = Base64URL.encode(MessageDigest.getInstance("SHA-256")
                    .digest("at-1".getBytes(StandardCharsets.US_ASCII))).toString();
            assertThat(proof.getJWTClaimsSet().getStringClaim("ath")).isEqualTo(expected);
            assertThat(proof.verify(new ECDSAVerifier((ECKey) proof.getHeader().getJWK()))).isTrue();
            assertThat(proof.getHeader().getJWK().computeThumbprint().toString()).isEqualTo(dpop.thumbprint());
        }

        @Test
        void leavesTheQueryAndFragmentOutOfHtu() throws Exception {
            SignedJWT proof = SignedJWT.parse(dpop.proof("GET", URI.create("https://mcp.example.com/mcp?x=1#f"), "at"));

            assertThat(proof.getJWTClaimsSet().getStringClaim("htu")).isEqualTo("https://mcp.example.com/mcp");
            assertThat(proof.getJWTClaimsSet().getStringClaim("htm")).isEqualTo("GET");
        }

        @Test
        void isFreshEachTime() throws Exception {
            URI uri = URI.create("https://mcp.example.com/mcp");
            assertThat(SignedJWT.parse(dpop.proof("POST", uri, "at")).getJWTClaimsSet().getJWTID())
                    .isNotEqualTo(SignedJWT.parse(dpop.proof("POST", uri, "at")).getJWTClaimsSet().getJWTID());
        }
    }

    @Nested
    class Nonces {
        @Test
        void areKeptPerOriginAndSentInLaterProofs() throws Exception {
            assertThat(dpop.rememberNonce(URI.create("https://as.example.com/token"), "n-1")).isTrue();

            SignedJWT sameOrigin = SignedJWT.parse(dpop.proof("POST", URI.create("https://as.example.com/other")));
            SignedJWT otherOrigin = SignedJWT.parse(dpop.proof("POST", URI.create("https://mcp.example.com/mcp")));
            assertThat(sameOrigin.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("n-1");
            assertThat(otherOrigin.getJWTClaimsSet().getClaim("nonce")).isNull();
        }

        @Test
        void theSameNonceAgainIsNotNews() {
            URI uri = URI.create("https://as.example.com/token");
            dpop.rememberNonce(uri, "n-1");

            assertThat(dpop.rememberNonce(uri, "n-1")).isFalse();
            assertThat(dpop.rememberNonce(uri, null)).isFalse();
            assertThat(dpop.rememberNonce(uri, "n-2")).isTrue();
        }
    }

    @Test
    void aPublicKeyCannotSign() throws Exception {
        ECKey publicKey = new ECKeyGenerator(Curve.P_256).generate().toPublicJWK();

        assertThatThrownBy(() -> DPoPProofs.of(publicKey))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.detail()).isEqualTo("a DPoP key must be a private key (RFC 9449 §4.2)");
                });
    }
}

package dev.mcpoauth.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivateKeysTest {
    private static String pem(byte[] pkcs8) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }

    @Nested
    class AnEcKey {
        @ParameterizedTest
        @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
        void yieldsAPrivateJwkWhosePublicHalfMatchesTheKeyPair(String curve) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            KeyPair pair = generator.generateKeyPair();

            JWK jwk = PrivateKeys.parsePem(pem(pair.getPrivate().getEncoded()));

            assertThat(jwk).isInstanceOf(ECKey.class);
            assertThat(jwk.isPrivate()).isTrue();
            ECPublicKey expected = (ECPublicKey) pair.getPublic();
            assertThat(((ECKey) jwk).toECPublicKey().getW()).isEqualTo(expected.getW());
            assertThat(jwk.getKeyID()).isEqualTo(jwk.computeThumbprint().toString());
        }

        @Test
        void namesTheP256Curve() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));

            ECKey jwk = (ECKey) PrivateKeys.parsePem(pem(generator.generateKeyPair().getPrivate().getEncoded()));

            assertThat(jwk.getCurve()).isEqualTo(Curve.P_256);
        }
    }

    @Test
    void anRsaKeyYieldsAPrivateJwkWithItsModulus() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();

        JWK jwk = PrivateKeys.parsePem(pem(pair.getPrivate().getEncoded()));

        assertThat(jwk).isInstanceOf(RSAKey.class);
        assertThat(((RSAKey) jwk).toRSAPublicKey().getModulus())
                .isEqualTo(((RSAPublicKey) pair.getPublic()).getModulus());
    }

    @Nested
    class BadInput {
        @Test
        void textWithoutAPkcs8BlockIsRefusedWithTheConversionHint() {
            assertThatThrownBy(() -> PrivateKeys.parsePem("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----"))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.getMessage()).isEqualTo("cannot read the private key: expected PEM text between"
                                + " `-----BEGIN PRIVATE KEY-----` and `-----END PRIVATE KEY-----` (PKCS #8; convert an"
                                + " `EC PRIVATE KEY` or `RSA PRIVATE KEY` with `openssl pkcs8 -topk8 -nocrypt`). Give the"
                                + " client's private key as PKCS #8 PEM (`-----BEGIN PRIVATE KEY-----`).");
                    });
        }

        @Test
        void aBlockThatIsNotAKeyIsRefused() {
            assertThatThrownBy(() -> PrivateKeys.parsePem(pem(new byte[] {1, 2, 3})))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.detail()).isEqualTo(
                            "cannot read the private key: it is neither an RSA nor an EC (P-256, P-384, P-521) PKCS #8 key"));
        }
    }
}

package dev.mcpoauth.registration;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads the private key that signs {@code private_key_jwt} client assertions (RFC 7523 §2.2) from
 * the form key tools write: a PEM {@code PRIVATE KEY} (PKCS #8, RFC 5208 / RFC 7468) holding an EC
 * (P-256, P-384, P-521) or RSA key. The result is a private JWK with its public half, ready for
 * {@link PreRegistered#signingJwk()}.
 *
 * <pre>{@code
 * JWK key = PrivateKeys.parsePem(Files.readString(Path.of("client-key.pem")));
 * PreRegistered client = new PreRegistered("my-service", null, ClientAuthenticationMethod.PRIVATE_KEY_JWT, key, null);
 * }</pre>
 *
 * <p>Error messages never contain key material.
 */
public final class PrivateKeys {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private PrivateKeys() {
    }

    /**
     * The private JWK in a PKCS #8 PEM text. The key id is the RFC 7638 thumbprint.
     *
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} when the text is not a PKCS #8 PEM
     *     private key of a supported type
     */
    public static JWK parsePem(String pem) {
        byte[] der = decode(pem);
        try {
            return rsa(der);
        } catch (GeneralSecurityException notRsa) {
            // try EC next
        }
        try {
            return ec(der);
        } catch (GeneralSecurityException | IllegalArgumentException notEc) {
            throw invalid("it is neither an RSA nor an EC (P-256, P-384, P-521) PKCS #8 key", notEc);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static byte[] decode(String pem) {
        if (pem == null) {
            throw invalid("no key was given", null);
        }
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw invalid("expected PEM text between `" + BEGIN + "` and `" + END + "` (PKCS #8; convert an"
                    + " `EC PRIVATE KEY` or `RSA PRIVATE KEY` with `openssl pkcs8 -topk8 -nocrypt`)", null);
        }
        String body = pem.substring(begin + BEGIN.length(), end).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw invalid("the PEM body is not base64", e);
        }
    }

    private static JWK rsa(byte[] der) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("RSA");
        if (!(factory.generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateCrtKey key)) {
            throw new GeneralSecurityException("not an RSA CRT key");
        }
        RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(
                new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        try {
            return new RSAKey.Builder(publicKey).privateKey(key).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static JWK ec(byte[] der) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("EC");
        ECPrivateKey key = (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(der));
        ECParameterSpec params = key.getParams();
        Curve curve = Curve.forECParameterSpec(params);
        if (curve == null) {
            throw new GeneralSecurityException("unsupported curve");
        }
        ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(
                new ECPublicKeySpec(multiply(params.getGenerator(), key.getS(), params), params));
        try {
            return new ECKey.Builder(curve, publicKey).privateKey(key).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** {@code k·P} on a short Weierstrass curve over a prime field (SEC 1 §2.2.1), by double-and-add. */
    private static ECPoint multiply(ECPoint point, BigInteger k, ECParameterSpec params) {
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger a = params.getCurve().getA();
        ECPoint result = ECPoint.POINT_INFINITY;
        ECPoint addend = point;
        for (int i = 0; i < k.bitLength(); i++) {
            if (k.testBit(i)) {
                result = add(result, addend, a, p);
            }
            addend = add(addend, addend, a, p);
        }
        return result;
    }

    private static ECPoint add(ECPoint first, ECPoint second, BigInteger a, BigInteger p) {
        if (first.equals(ECPoint.POINT_INFINITY)) {
            return second;
        }
        if (second.equals(ECPoint.POINT_INFINITY)) {
            return first;
        }
        BigInteger x1 = first.getAffineX();
        BigInteger y1 = first.getAffineY();
        BigInteger x2 = second.getAffineX();
        BigInteger y2 = second.getAffineY();
        BigInteger lambda;
        if (x1.equals(x2)) {
            if (!y1.equals(y2) || y1.signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            lambda = x1.pow(2).multiply(BigInteger.valueOf(3)).add(a)
                    .multiply(y1.shiftLeft(1).modInverse(p)).mod(p);
        } else {
            lambda = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
        }
        BigInteger x3 = lambda.pow(2).subtract(x1).subtract(x2).mod(p);
        BigInteger y3 = lambda.multiply(x1.subtract(x3)).subtract(y1).mod(p);
        return new ECPoint(x3, y3);
    }

    private static McpOAuthException invalid(String why, Throwable cause) {
        return new McpOAuthException(ErrorCode.INVALID_INPUT, "cannot read the private key: " + why,
                "Give the client's private key as PKCS #8 PEM (`-----BEGIN PRIVATE KEY-----`).", cause);
    }
}

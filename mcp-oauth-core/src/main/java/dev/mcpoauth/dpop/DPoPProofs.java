package dev.mcpoauth.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.HttpTransport;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Demonstrating Proof of Possession (RFC 9449): one key pair per client instance, a fresh signed
 * proof ({@code typ} {@code dpop+jwt}, unique {@code jti}, {@code htm}, {@code htu}, {@code iat}, and
 * {@code ath} when an access token is presented) for every token request and every MCP request, and
 * the latest server-provided nonce per origin (RFC 9449 §8, §9).
 *
 * <p>Give it to {@link HttpTransport.Builder#dpop} and the token client sends proofs on every token
 * request, retries once with the authorization server's nonce on {@code use_dpop_nonce}, and accepts
 * {@code token_type} {@code DPoP}. The MCP SDK adapter presents such tokens with the {@code DPoP}
 * scheme and a proof per request.
 *
 * <pre>{@code
 * DPoPProofs dpop = DPoPProofs.generate();                 // ES256 on P-256
 * HttpTransport http = HttpTransport.builder().dpop(dpop).build();
 * String proof = dpop.proof("POST", URI.create("https://mcp.example.com/mcp"), accessToken);
 * }</pre>
 *
 * <p>The key lives in memory only: tokens bound to it (and refresh tokens bound to it for public
 * clients) are usable by this instance only. Instances are thread-safe.
 */
public final class DPoPProofs {
    /** The request header carrying a proof (RFC 9449 §4.1). */
    public static final String HEADER = "DPoP";
    /** The response header carrying a server-provided nonce (RFC 9449 §8.1). */
    public static final String NONCE_HEADER = "DPoP-Nonce";
    /** The error a server answers when it wants a proof with its nonce (RFC 9449 §8, §9). */
    public static final String USE_DPOP_NONCE = "use_dpop_nonce";
    /** The authorization scheme of DPoP-bound access tokens (RFC 9449 §7.1). */
    public static final String SCHEME = "DPoP";

    private final JWK key;
    private final DPoPProofFactory factory;
    private final Map<String, String> nonces = new ConcurrentHashMap<>();

    private DPoPProofs(JWK key, JWSAlgorithm algorithm) {
        this.key = key;
        try {
            this.factory = new DefaultDPoPProofFactory(key, algorithm);
        } catch (JOSEException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "cannot sign DPoP proofs with this key", e);
        }
    }

    /** A fresh P-256 key pair, proofs signed with ES256 (the algorithm every DPoP server supports). */
    public static DPoPProofs generate() {
        try {
            return new DPoPProofs(new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256);
        } catch (JOSEException e) {
            throw new IllegalStateException("the JDK cannot generate a P-256 key", e);
        }
    }

    /** Proofs signed with a given private key: EC P-256 (ES256) or RSA (RS256). */
    public static DPoPProofs of(JWK privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        if (!privateKey.isPrivate()) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "a DPoP key must be a private key (RFC 9449 §4.2)");
        }
        if (privateKey instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            return new DPoPProofs(privateKey, JWSAlgorithm.ES256);
        }
        if (privateKey instanceof RSAKey) {
            return new DPoPProofs(privateKey, JWSAlgorithm.RS256);
        }
        throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                "DPoP here signs with an EC P-256 key (ES256) or an RSA key (RS256)");
    }

    /** A proof for a token request (no access token): {@code htm}, {@code htu}, the origin's nonce if any. */
    public String proof(String method, URI uri) {
        return proof(method, uri, null);
    }

    /**
     * A proof for a request presenting {@code accessToken} ({@code ath} = its SHA-256, RFC 9449 §4.2),
     * or for a token request when it is {@code null}. The {@code htu} is the URI without query and
     * fragment; the latest nonce remembered for the URI's origin is included.
     */
    public String proof(String method, URI uri, String accessToken) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        URI htu = URI.create(uri.getScheme() + "://" + uri.getRawAuthority()
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath()));
        String nonce = nonces.get(HttpTransport.originOf(uri));
        try {
            return factory.createDPoPJWT(method, htu,
                    accessToken == null ? null : new DPoPAccessToken(accessToken),
                    nonce == null ? null : new Nonce(nonce)).serialize();
        } catch (JOSEException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "cannot sign a DPoP proof", e);
        }
    }

    /**
     * Remembers a nonce the server at {@code uri}'s origin provided; {@code true} when it differs from
     * the one already held (so a retry with it can help).
     */
    public boolean rememberNonce(URI uri, String nonce) {
        if (nonce == null || nonce.isBlank()) {
            return false;
        }
        return !nonce.equals(nonces.put(HttpTransport.originOf(uri), nonce));
    }

    /** The nonce held for {@code uri}'s origin. */
    public Optional<String> nonce(URI uri) {
        return Optional.ofNullable(nonces.get(HttpTransport.originOf(uri)));
    }

    /** The public key's RFC 7638 thumbprint ({@code dpop_jkt}, {@code cnf.jkt}). */
    public String thumbprint() {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DPoPProofs[jkt=" + thumbprint() + "]";
    }
}

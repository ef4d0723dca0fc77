package dev.mcpoauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.registration.ClientIdentity;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.PrivateKey;
import java.util.List;
import java.util.Objects;

/**
 * Chooses and builds how a client authenticates at the token endpoint (RFC 6749 §2.3).
 *
 * <p>The method is the identity's own when it has one (registered, or configured). Otherwise it is
 * chosen from the server's {@code token_endpoint_auth_methods_supported}: with a signing key,
 * {@code private_key_jwt} (RFC 7523 §2.2) unless the server lists methods without it; with a secret,
 * {@code client_secret_basic} &gt; {@code client_secret_post} &gt; {@code none}; without either,
 * {@code none}. An empty list means the server did not say, and RFC 8414 §2's default
 * ({@code client_secret_basic}) applies to clients with a secret.
 *
 * <pre>{@code
 * ClientAuthentication auth = ClientAuthentications.forClient(client, tokenEndpoint, issuer,
 *         List.of("client_secret_basic", "none"));   // null means "none": send client_id only
 * }</pre>
 */
public final class ClientAuthentications {

    /** Whom a {@code private_key_jwt} client assertion is addressed to. */
    private enum AssertionAudience { ISSUER, TOKEN_ENDPOINT }

    /**
     * The {@code aud} of client assertions. RFC 7523 §3 accepts the token endpoint URL, and servers
     * (including the MCP conformance suite) accept either; draft-ietf-oauth-rfc7523bis requires the
     * issuer identifier as the sole audience, which closes the audience-injection attack on
     * assertions addressed to endpoint URLs. One switch, so it is changed in one place.
     */
    private static final AssertionAudience ASSERTION_AUDIENCE = AssertionAudience.ISSUER;

    private ClientAuthentications() {
    }

    /**
     * The method {@link #forClient} will use for this client.
     *
     * @param supportedMethods the server's {@code token_endpoint_auth_methods_supported}; {@code null} or
     *                         empty when unknown
     */
    public static ClientAuthenticationMethod chooseMethod(ClientIdentity client, List<String> supportedMethods) {
        if (client.authMethod() != null) {
            return client.authMethod();
        }
        List<String> supported = supportedMethods == null ? List.of() : supportedMethods;
        if (client.signingKey().isPresent()
                && (supported.isEmpty() || supported.contains(ClientAuthenticationMethod.PRIVATE_KEY_JWT.getValue()))) {
            return ClientAuthenticationMethod.PRIVATE_KEY_JWT;
        }
        if (client.secret().isPresent()) {
            if (supported.isEmpty() || supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue())) {
                return ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
            }
            if (supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue())) {
                return ClientAuthenticationMethod.CLIENT_SECRET_POST;
            }
            if (supported.contains(ClientAuthenticationMethod.NONE.getValue())) {
                return ClientAuthenticationMethod.NONE;
            }
            return ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
        }
        return ClientAuthenticationMethod.NONE;
    }

    /**
     * The Nimbus client authentication for a token request, or {@code null} for {@code none} (the
     * request then carries {@code client_id} as a parameter, RFC 6749 §3.2.1).
     *
     * @param tokenEndpoint    the token endpoint URL
     * @param issuer           the authorization server's issuer identifier
     * @param supportedMethods the server's {@code token_endpoint_auth_methods_supported}, or empty
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} when the method needs a secret or key
     *     the identity lacks, or is one this client does not implement
     */
    public static ClientAuthentication forClient(ClientIdentity client, URI tokenEndpoint, String issuer,
                                                 List<String> supportedMethods) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        ClientAuthenticationMethod method = chooseMethod(client, supportedMethods);
        ClientID clientId = new ClientID(client.clientId());
        if (method.equals(ClientAuthenticationMethod.NONE)) {
            return null;
        }
        if (method.equals(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)) {
            return new ClientSecretBasic(clientId, requireSecret(client, method));
        }
        if (method.equals(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
            return new ClientSecretPost(clientId, requireSecret(client, method));
        }
        if (method.equals(ClientAuthenticationMethod.PRIVATE_KEY_JWT)) {
            URI audience = ASSERTION_AUDIENCE == AssertionAudience.ISSUER ? issuerUri(issuer) : tokenEndpoint;
            return privateKeyJwt(client, clientId, audience);
        }
        throw new McpOAuthException(ErrorCode.INVALID_INPUT, "the client `" + client.clientId()
                + "` uses token_endpoint_auth_method `" + method.getValue() + "`, which mcp-oauth does not support",
                "Use client_secret_basic, client_secret_post, private_key_jwt or none.", null);
    }

    private static Secret requireSecret(ClientIdentity client, ClientAuthenticationMethod method) {
        return client.secret().orElseThrow(() -> new McpOAuthException(ErrorCode.INVALID_INPUT,
                "the client `" + client.clientId() + "` uses " + method.getValue() + " but has no client secret",
                "Configure the client secret, or the token endpoint auth method the client was registered with.",
                null));
    }

    private static URI issuerUri(String issuer) {
        try {
            return new URI(Objects.requireNonNull(issuer, "issuer"));
        } catch (URISyntaxException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "invalid issuer `" + issuer + "`", e);
        }
    }

    private static JWSAlgorithm ecAlgorithm(ClientIdentity client, Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        }
        if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        }
        if (Curve.P_521.equals(curve)) {
            return JWSAlgorithm.ES512;
        }
        throw new McpOAuthException(ErrorCode.INVALID_INPUT, "the signing key of client `" + client.clientId()
                + "` is on curve " + curve + "; private_key_jwt here supports P-256 (ES256), P-384 and P-521");
    }

    private static ClientAuthentication privateKeyJwt(ClientIdentity client, ClientID clientId, URI audience) {
        JWK jwk = client.signingKey().orElseThrow(() -> new McpOAuthException(ErrorCode.INVALID_INPUT,
                "the client `" + client.clientId() + "` uses private_key_jwt but has no signing key",
                "Configure the client's private JWK.", null));
        if (!jwk.isPrivate()) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "the signing key of client `" + client.clientId()
                    + "` is a public key; private_key_jwt needs the private key (RFC 7523 §2.2)");
        }
        try {
            JWSAlgorithm algorithm;
            PrivateKey key;
            if (jwk instanceof RSAKey rsa) {
                algorithm = JWSAlgorithm.RS256;
                key = rsa.toPrivateKey();
            } else if (jwk instanceof ECKey ec) {
                algorithm = ecAlgorithm(client, ec.getCurve());
                key = ec.toPrivateKey();
            } else {
                throw new McpOAuthException(ErrorCode.INVALID_INPUT, "the signing key of client `" + client.clientId()
                        + "` has key type " + jwk.getKeyType() + "; private_key_jwt here supports RSA (RS256) and EC (ES256, ES384, ES512)");
            }
            return new PrivateKeyJWT(clientId, audience, algorithm, key, jwk.getKeyID(), null);
        } catch (JOSEException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                    "cannot sign a client assertion with the key of client `" + client.clientId() + "`", e);
        }
    }
}

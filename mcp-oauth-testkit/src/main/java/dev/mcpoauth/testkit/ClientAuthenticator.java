package dev.mcpoauth.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token endpoint client authentication: {@code client_secret_basic} (RFC 6749 §2.3.1, form-urlencoded id and secret),
 * {@code client_secret_post}, {@code private_key_jwt} (RFC 7523) and {@code none}. The method used must be one the
 * client is registered for and one the server advertises; using more than one method is an error.
 */
final class ClientAuthenticator {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final long CLOCK_SKEW_SECONDS = 60;

    private final Settings settings;
    private final Topology topology;
    private final ClientRegistry clients;
    private final Set<String> usedAssertionIds = ConcurrentHashMap.newKeySet();

    ClientAuthenticator(Settings settings, Topology topology, ClientRegistry clients) {
        this.settings = settings;
        this.topology = topology;
        this.clients = clients;
    }

    Client authenticate(Request request, Params form) throws OAuthException {
        String authorization = request.header("authorization");
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        if (authorization != null && !basic) {
            throw OAuthException.invalidClient("unsupported Authorization scheme at the token endpoint", true);
        }
        boolean post = form.has("client_secret");
        boolean jwt = form.has("client_assertion") || form.has("client_assertion_type");
        if ((basic ? 1 : 0) + (post ? 1 : 0) + (jwt ? 1 : 0) > 1) {
            throw OAuthException.badRequest("invalid_request", "more than one client authentication method used");
        }
        if (basic) {
            return basic(authorization.substring(6).trim(), form);
        }
        if (post) {
            Client client = client(form.get("client_id"), "client_secret_post", false);
            checkSecret(client, form.get("client_secret"), false);
            return client;
        }
        if (jwt) {
            return privateKeyJwt(form);
        }
        return client(form.get("client_id"), "none", false);
    }

    private Client basic(String credentials, Params form) throws OAuthException {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient("Basic credentials are not valid base64", true);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw OAuthException.invalidClient("Basic credentials must be client_id:client_secret", true);
        }
        String clientId;
        String secret;
        try {
            clientId = Params.decode(decoded.substring(0, colon));
            secret = Params.decode(decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient("Basic credentials are not form-urlencoded (RFC 6749 §2.3.1)", true);
        }
        String bodyClientId = form.get("client_id");
        if (bodyClientId != null && !bodyClientId.equals(clientId)) {
            throw OAuthException.invalidClient("client_id in the body differs from the Basic credentials", true);
        }
        Client client = client(clientId, "client_secret_basic", true);
        checkSecret(client, secret, true);
        return client;
    }

    /** Looks the client up and checks it may use {@code method}. */
    private Client client(String clientId, String method, boolean header) throws OAuthException {
        if (clientId == null) {
            throw OAuthException.invalidClient("client authentication is required (no client_id)", header);
        }
        Client client = clients.find(clientId);
        if (client == null) {
            throw OAuthException.invalidClient("unknown client " + clientId, header);
        }
        if (!settings.tokenEndpointAuthMethods().contains(method)) {
            throw OAuthException.invalidClient("token endpoint authentication method " + method
                    + " is not supported by this server", header);
        }
        if (!client.authMethods().contains(method)) {
            throw OAuthException.invalidClient("client " + clientId + " must authenticate with "
                    + String.join(" or ", client.authMethods().stream().sorted().toList()) + ", not " + method, header);
        }
        return client;
    }

    private static void checkSecret(Client client, String secret, boolean header) throws OAuthException {
        if (secret == null || client.secret() == null || !MessageDigest.isEqual(
                secret.getBytes(StandardCharsets.UTF_8), client.secret().getBytes(StandardCharsets.UTF_8))) {
            throw OAuthException.invalidClient("wrong client secret", header);
        }
    }

    private Client privateKeyJwt(Params form) throws OAuthException {
        if (!JWT_BEARER.equals(form.get("client_assertion_type"))) {
            throw OAuthException.invalidClient("client_assertion_type must be " + JWT_BEARER, false);
        }
        String assertion = form.get("client_assertion");
        if (assertion == null) {
            throw OAuthException.invalidClient("client_assertion is required", false);
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw OAuthException.invalidClient("client_assertion is not a signed JWT", false);
        }
        String issuer = claims.getIssuer();
        if (issuer == null || !issuer.equals(claims.getSubject())) {
            throw OAuthException.invalidClient("client_assertion iss and sub must both be the client_id", false);
        }
        String bodyClientId = form.get("client_id");
        if (bodyClientId != null && !bodyClientId.equals(issuer)) {
            throw OAuthException.invalidClient("client_id differs from the client_assertion issuer", false);
        }
        Client client = client(issuer, "private_key_jwt", false);
        if (client.publicKey() == null) {
            throw OAuthException.invalidClient("no public key registered for client " + issuer, false);
        }
        verifySignature(jwt, client.publicKey());
        verifyClaims(claims);
        return client;
    }

    private static void verifySignature(SignedJWT jwt, JWK key) throws OAuthException {
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(algorithm)) {
            throw OAuthException.invalidClient("client_assertion alg " + algorithm + " does not match the key's alg "
                    + key.getAlgorithm(), false);
        }
        try {
            JWSVerifier verifier;
            if (key instanceof RSAKey && JWSAlgorithm.Family.RSA.contains(algorithm)) {
                verifier = new RSASSAVerifier((RSAKey) key);
            } else if (key instanceof ECKey && JWSAlgorithm.Family.EC.contains(algorithm)) {
                verifier = new ECDSAVerifier((ECKey) key);
            } else {
                throw OAuthException.invalidClient("client_assertion alg " + algorithm
                        + " does not fit the registered " + key.getKeyType() + " key", false);
            }
            if (!jwt.verify(verifier)) {
                throw OAuthException.invalidClient("client_assertion signature is invalid", false);
            }
        } catch (JOSEException e) {
            throw OAuthException.invalidClient("client_assertion cannot be verified: " + e.getMessage(), false);
        }
    }

    private void verifyClaims(JWTClaimsSet claims) throws OAuthException {
        List<String> audience = claims.getAudience();
        if (audience == null || !(audience.contains(topology.issuer())
                || audience.contains(topology.tokenEndpoint()))) {
            throw OAuthException.invalidClient("client_assertion aud must contain " + topology.issuer() + " or "
                    + topology.tokenEndpoint() + ", was " + audience, false);
        }
        Instant now = Instant.now();
        Date expiration = claims.getExpirationTime();
        if (expiration == null || !expiration.toInstant().isAfter(now)) {
            throw OAuthException.invalidClient("client_assertion is expired or has no exp", false);
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().isAfter(now.plusSeconds(CLOCK_SKEW_SECONDS))) {
            throw OAuthException.invalidClient("client_assertion is not valid yet (nbf)", false);
        }
        String jti = claims.getJWTID();
        if (jti != null && !usedAssertionIds.add(claims.getIssuer() + " " + jti)) {
            throw OAuthException.invalidClient("client_assertion jti was already used", false);
        }
    }

    /** For {@link TestServers#registerPublicKey}: a client authenticating only with {@code private_key_jwt}. */
    static Client keyClient(String clientId, JWK publicKey) {
        return new Client(clientId, null, Set.of("private_key_jwt"), List.of(), true, null, null,
                publicKey.toPublicJWK(), null);
    }
}

package dev.mcpoauth.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Authorization codes, access tokens and refresh tokens, all opaque random strings held in memory. */
final class TokenStore {

    static final Duration CODE_LIFETIME = Duration.ofSeconds(60);

    /** What an authorization code is bound to. */
    record AuthorizationCode(String clientId, String redirectUri, String codeChallenge, String resource,
                             Set<String> scopes, Instant expiresAt) {
    }

    /** A live access token; its expiry can be moved by {@link #expireAccessTokens()}. */
    static final class AccessToken {
        final String token;
        final String refreshToken;
        final String clientId;
        final Set<String> scopes;
        final String resource;
        volatile Instant expiresAt;

        AccessToken(String token, String refreshToken, String clientId, Set<String> scopes, String resource,
                    Instant expiresAt) {
            this.token = token;
            this.refreshToken = refreshToken;
            this.clientId = clientId;
            this.scopes = scopes;
            this.resource = resource;
            this.expiresAt = expiresAt;
        }

        boolean expired() {
            return !Instant.now().isBefore(expiresAt);
        }

        IssuedToken toIssuedToken() {
            return new IssuedToken(token, refreshToken, clientId, scopes, resource, expiresAt);
        }
    }

    /** A refresh token and the grant it carries; {@code used} marks rotated-away tokens. */
    record RefreshToken(String token, String clientId, Set<String> scopes, String resource, AtomicBoolean used) {
    }

    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private final List<AccessToken> issued = new CopyOnWriteArrayList<>();
    private final Map<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();

    String newCode(String clientId, String redirectUri, String codeChallenge, String resource, Set<String> scopes) {
        String code = Ids.random();
        codes.put(code, new AuthorizationCode(clientId, redirectUri, codeChallenge, resource, scopes,
                Instant.now().plus(CODE_LIFETIME)));
        return code;
    }

    /** Removes and returns the code: a code is consumed by its first presentation, even a failed one. */
    AuthorizationCode consumeCode(String code) {
        return codes.remove(code);
    }

    String newRefreshToken(String clientId, Set<String> scopes, String resource) {
        String token = Ids.random();
        refreshTokens.put(token, new RefreshToken(token, clientId, scopes, resource, new AtomicBoolean()));
        return token;
    }

    RefreshToken refreshToken(String token) {
        return refreshTokens.get(token);
    }

    AccessToken newAccessToken(String refreshToken, String clientId, Set<String> scopes, String resource,
                               Duration lifetime) {
        AccessToken token = new AccessToken(Ids.random(), refreshToken, clientId, scopes, resource,
                Instant.now().plus(lifetime));
        accessTokens.put(token.token, token);
        issued.add(token);
        return token;
    }

    AccessToken accessToken(String token) {
        return accessTokens.get(token);
    }

    void expireAccessTokens() {
        Instant now = Instant.now();
        for (AccessToken token : issued) {
            token.expiresAt = now;
        }
    }

    List<IssuedToken> issuedTokens() {
        List<IssuedToken> result = new ArrayList<>();
        for (AccessToken token : issued) {
            result.add(token.toIssuedToken());
        }
        return List.copyOf(result);
    }
}

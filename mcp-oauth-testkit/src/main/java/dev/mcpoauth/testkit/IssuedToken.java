package dev.mcpoauth.testkit;

import java.time.Instant;
import java.util.Set;

/**
 * One successful token endpoint response.
 *
 * @param accessToken  the access token
 * @param refreshToken the refresh token returned in the same response, or {@code null} if none was returned
 * @param clientId     the client the tokens were issued to
 * @param scopes       the scopes granted to the access token
 * @param resource     the resource (audience) the access token is bound to
 * @param expiresAt    when the access token expires (moved to the past by {@link TestServers#expireAccessTokens()})
 */
public record IssuedToken(String accessToken, String refreshToken, String clientId, Set<String> scopes,
                          String resource, Instant expiresAt) {
}

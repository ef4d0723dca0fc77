package dev.mcpoauth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Tokens issued by a token endpoint (RFC 6749 §5.1), with the expiry made absolute.
 *
 * <p>{@code toString()} never shows the access or refresh token.
 *
 * @param accessToken  the access token; required
 * @param tokenType    the token type, {@code "Bearer"} (RFC 6750); required
 * @param refreshToken the refresh token, or {@code null} when none was issued
 * @param expiresAt    when the access token expires, or {@code null} when the server did not say
 *                     ({@code expires_in} absent)
 * @param scopes       the granted scopes (the response's {@code scope}, else those requested);
 *                     never {@code null}, insertion ordered, unmodifiable
 */
public record Tokens(String accessToken, String tokenType, String refreshToken, Instant expiresAt, Set<String> scopes) {

    public Tokens {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(tokenType, "tokenType");
        scopes = scopes == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    }

    /**
     * Whether the access token expires within {@code skew} from now (or already has). A token with
     * no known expiry never does: the server's 401 is then what triggers a refresh.
     */
    public boolean expiresWithin(Duration skew, Clock clock) {
        return expiresAt != null && !clock.instant().plus(skew).isBefore(expiresAt);
    }

    /**
     * This response completed with what an earlier one had and this one omitted: the refresh token
     * (RFC 6749 §6: the server MAY issue a new one) and the scopes (RFC 6749 §5.1: omitted when
     * identical to those requested).
     *
     * @param previous the tokens this response replaces, or {@code null}
     */
    public Tokens withRefreshFallback(Tokens previous) {
        if (previous == null) {
            return this;
        }
        return new Tokens(accessToken, tokenType,
                refreshToken != null ? refreshToken : previous.refreshToken,
                expiresAt,
                scopes.isEmpty() ? previous.scopes : scopes);
    }

    /** Whether a refresh token is held. */
    public boolean hasRefreshToken() {
        return refreshToken != null;
    }

    @Override
    public String toString() {
        return "Tokens[accessToken=***, tokenType=" + tokenType
                + ", refreshToken=" + (refreshToken == null ? "none" : "***")
                + ", expiresAt=" + (expiresAt == null ? "unknown" : expiresAt)
                + ", scopes=" + scopes + "]";
    }
}

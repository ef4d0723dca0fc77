package dev.mcpoauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration SKEW = Duration.ofSeconds(30);

    private static Tokens expiringIn(long seconds) {
        return new Tokens("at", "Bearer", null, NOW.plusSeconds(seconds), Set.of());
    }

    @Test
    void expiresWithinTheSkewAtItsEdge() {
        assertThat(expiringIn(30).expiresWithin(SKEW, CLOCK)).isTrue();
    }

    @Test
    void doesNotExpireWithinTheSkewOneSecondLater() {
        assertThat(expiringIn(31).expiresWithin(SKEW, CLOCK)).isFalse();
    }

    @Test
    void anAlreadyExpiredTokenExpiresWithinAnySkew() {
        assertThat(expiringIn(-5).expiresWithin(Duration.ZERO, CLOCK)).isTrue();
    }

    @Test
    void aTokenWithoutKnownExpiryNeverExpiresByTheClock() {
        assertThat(new Tokens("at", "Bearer", null, null, null).expiresWithin(Duration.ofDays(365), CLOCK)).isFalse();
    }

    @Test
    void keepsThePreviousRefreshTokenAndScopesWhenTheResponseOmittedThem() {
        Tokens previous = new Tokens("old-at", "Bearer", "old-rt", NOW, Set.of("mcp:read"));
        Tokens fresh = new Tokens("new-at", "Bearer", null, NOW.plusSeconds(60), Set.of());

        Tokens merged = fresh.withRefreshFallback(previous);

        assertThat(merged).isEqualTo(new Tokens("new-at", "Bearer", "old-rt", NOW.plusSeconds(60), Set.of("mcp:read")));
    }

    @Test
    void keepsItsOwnRefreshTokenAndScopesWhenItHasThem() {
        Tokens previous = new Tokens("old-at", "Bearer", "old-rt", NOW, Set.of("mcp:read"));
        Tokens fresh = new Tokens("new-at", "Bearer", "new-rt", null, Set.of("mcp:write"));

        assertThat(fresh.withRefreshFallback(previous)).isEqualTo(fresh);
        assertThat(fresh.withRefreshFallback(null)).isSameAs(fresh);
    }

    @Test
    void keepsScopeOrder() {
        Tokens tokens = new Tokens("at", "Bearer", null, null, new LinkedHashSet<>(List.of("z", "a", "m")));

        assertThat(tokens.scopes()).containsExactly("z", "a", "m");
    }

    @Test
    void toStringMasksBothTokens() {
        Tokens tokens = new Tokens("access-secret-123", "Bearer", "refresh-secret-456", NOW, Set.of("mcp:read"));

        assertThat(tokens.toString())
                .isEqualTo("Tokens[accessToken=***, tokenType=Bearer, refreshToken=***, expiresAt=2026-03-01T12:00:00Z,"
                        + " scopes=[mcp:read]]")
                .doesNotContain("access-secret-123")
                .doesNotContain("refresh-secret-456");
    }
}

package dev.mcpoauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheControlTest {
    private static final Duration HEURISTIC = Duration.ofMinutes(10);
    private static final Duration BOUND = Duration.ofHours(1);

    private static Duration freshness(String... headerValues) {
        return CacheControl.freshness(List.of(headerValues), HEURISTIC, BOUND);
    }

    @Test
    void aResponseWithoutFreshnessDirectivesGetsTheHeuristicLifetime() {
        assertThat(freshness()).isEqualTo(HEURISTIC);
        assertThat(freshness("public")).isEqualTo(HEURISTIC);
        assertThat(freshness("s-maxage=30")).isEqualTo(HEURISTIC);
    }

    @Test
    void maxAgeGivesTheLifetimeInSeconds() {
        assertThat(freshness("max-age=120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(freshness("public, MAX-AGE=\"300\"")).isEqualTo(Duration.ofSeconds(300));
        assertThat(freshness("max-age=0")).isZero();
    }

    @Test
    void theLifetimeNeverExceedsTheBound() {
        assertThat(freshness("max-age=86400")).isEqualTo(BOUND);
        assertThat(CacheControl.freshness(List.of(), Duration.ofDays(1), BOUND)).isEqualTo(BOUND);
    }

    @Test
    void noStoreAndNoCacheKeepTheResponseOutOfTheCache() {
        assertThat(freshness("no-store")).isZero();
        assertThat(freshness("max-age=600, no-cache")).isZero();
        assertThat(freshness("max-age=600", "No-Store")).isZero();
        assertThat(freshness("no-cache=\"set-cookie\"")).isZero();
    }

    @Test
    void aMalformedMaxAgeMeansStale() {
        assertThat(freshness("max-age=ten")).isZero();
        assertThat(freshness("max-age=")).isZero();
        assertThat(freshness("max-age=-5")).isZero();
        assertThat(freshness("max-age=99999999999999")).isZero();
    }

    @Test
    void ofSeveralMaxAgesTheShortestWins() {
        assertThat(freshness("max-age=600", "max-age=60")).isEqualTo(Duration.ofSeconds(60));
    }
}

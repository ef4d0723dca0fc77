package dev.mcpoauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Token expiry and scope lists as the CLI shows and reads them. */
class ExpiryTest {
    private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");

    @Test
    void describesTimeLeftInTheLargestSensibleUnit() {
        assertThat(Expiry.describe(NOW.plusSeconds(45), NOW)).isEqualTo("in 45 s");
        assertThat(Expiry.describe(NOW.plusSeconds(3599), NOW)).isEqualTo("in 59 min");
        assertThat(Expiry.describe(NOW.plusSeconds(5 * 3600), NOW)).isEqualTo("in 5 h");
        assertThat(Expiry.describe(NOW.plusSeconds(3 * 86400), NOW)).isEqualTo("in 3 days");
    }

    @Test
    void describesAnExpiredTokenAndAMissingExpiry() {
        assertThat(Expiry.describe(NOW.minusSeconds(600), NOW)).isEqualTo("expired 10 min ago");
        assertThat(Expiry.describe(null, NOW)).isEqualTo("no expiry given");
    }

    @Test
    void addsTheTimeInUtc() {
        assertThat(Expiry.describeWithTime(NOW.plusSeconds(3600), NOW)).isEqualTo("in 60 min (2025-01-01 11:00 UTC)");
    }

    @Test
    void readsCommaOrSpaceSeparatedScopesAndAnEmptyListForNone() {
        assertThat(ScopeList.parse("read,write offline_access, read")).containsExactly("read", "write", "offline_access");
        assertThat(ScopeList.parse("")).isEmpty();
    }
}

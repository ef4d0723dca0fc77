package dev.mcpoauth.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Token expiry in words: {@code "in 59 min"}, {@code "expired 3 min ago"}. */
final class Expiry {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Expiry() {
    }

    /** Relative to {@code now}; {@code "no expiry given"} for {@code null}. */
    static String describe(Instant expiresAt, Instant now) {
        if (expiresAt == null) {
            return "no expiry given";
        }
        Duration left = Duration.between(now, expiresAt);
        return left.isNegative() ? "expired " + amount(left.negated()) + " ago" : "in " + amount(left);
    }

    /** As {@link #describe}, with the absolute time: {@code "in 59 min (2025-01-01 10:00 UTC)"}. */
    static String describeWithTime(Instant expiresAt, Instant now) {
        return expiresAt == null ? describe(null, now) : describe(expiresAt, now) + " (" + UTC.format(expiresAt) + ")";
    }

    static String amount(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 120) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 120) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + " h";
        }
        return (hours / 24) + " days";
    }
}

package dev.mcpoauth.discovery;

import dev.mcpoauth.http.HttpResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How long a metadata response may be reused, from its {@code Cache-Control} header (RFC 9111
 * §5.2.2), for a private cache: {@code no-store} and {@code no-cache} mean not at all (this cache
 * does not revalidate), {@code max-age=N} means N seconds, a malformed {@code max-age} means not at
 * all (RFC 9111 §4.2.1), and a response without a freshness directive gets the heuristic default.
 * The result never exceeds the bound. {@code s-maxage} is for shared caches and is ignored.
 *
 * <pre>{@code
 * Duration ttl = CacheControl.freshness(result, Duration.ofMinutes(10), Duration.ofHours(1));
 * }</pre>
 */
final class CacheControl {
    private CacheControl() {
    }

    /** The freshness lifetime of {@code result}, between zero and {@code bound}. */
    static Duration freshness(HttpResult result, Duration heuristic, Duration bound) {
        return freshness(result.headers("cache-control"), heuristic, bound);
    }

    static Duration freshness(List<String> headerValues, Duration heuristic, Duration bound) {
        Duration ttl = null;
        for (String value : headerValues) {
            for (String directive : value.split(",")) {
                String d = directive.trim().toLowerCase(Locale.ROOT);
                if (d.equals("no-store") || d.equals("no-cache") || d.startsWith("no-cache=")) {
                    return Duration.ZERO;
                }
                if (d.startsWith("max-age")) {
                    Duration parsed = maxAge(d);
                    if (parsed == null) {
                        return Duration.ZERO;
                    }
                    ttl = ttl == null || parsed.compareTo(ttl) < 0 ? parsed : ttl;
                }
            }
        }
        Duration chosen = ttl == null ? heuristic : ttl;
        return chosen.compareTo(bound) > 0 ? bound : chosen;
    }

    /** {@code max-age=N} with N a non-negative integer, quoted or not; null when malformed. */
    private static Duration maxAge(String directive) {
        int eq = directive.indexOf('=');
        if (eq < 0 || !directive.substring(0, eq).trim().equals("max-age")) {
            return null;
        }
        String n = directive.substring(eq + 1).trim();
        if (n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")) {
            n = n.substring(1, n.length() - 1);
        }
        if (n.isEmpty() || n.length() > 10 || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(n));
    }
}

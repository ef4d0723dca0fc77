package dev.mcpoauth.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Sequential HTTP round trips, read from the server side: the recorded requests grouped into waves, where a wave is a
 * run of requests that overlapped in time (one arrived before another of the wave had been answered), so requests a
 * client sends concurrently count as one round trip and requests it sends one after the other count one each.
 *
 * <p>Used by the benchmarks to count the round trips a client needs before it can show the authorization URL: the
 * requests that arrived before the first {@code GET} of the authorization endpoint.
 *
 * <pre>{@code
 * List<RecordedRequest> log = servers.requests();
 * RoundTrips before = RoundTrips.beforeAuthorization(log.subList(mark, log.size()), servers.issuer());
 * System.out.println(before.count() + " round trips: " + before.describe());
 * }</pre>
 *
 * @param waves the waves in order, each listing its requests in arrival order
 */
public record RoundTrips(List<List<RecordedRequest>> waves) {

    public RoundTrips {
        waves = waves.stream().map(List::copyOf).toList();
    }

    /**
     * Groups requests into waves. Requests are ordered by {@link RecordedRequest#receivedAt()}; a request starts a new
     * wave when it arrived at or after the moment every request of the current wave had been answered.
     *
     * @param requests recorded requests with timestamps (as {@link TestServers#requests()} returns them)
     * @throws IllegalArgumentException if a request has no {@code receivedAt}
     */
    public static RoundTrips of(List<RecordedRequest> requests) {
        List<RecordedRequest> sorted = new ArrayList<>(requests);
        for (RecordedRequest r : sorted) {
            if (r.receivedAt() == null) {
                throw new IllegalArgumentException("request without a receivedAt time: " + r.method() + " " + r.path());
            }
        }
        sorted.sort(Comparator.comparing(RecordedRequest::receivedAt));
        List<List<RecordedRequest>> waves = new ArrayList<>();
        List<RecordedRequest> current = null;
        Instant waveEnd = null;
        for (RecordedRequest r : sorted) {
            if (current == null || (waveEnd != null && !r.receivedAt().isBefore(waveEnd))) {
                current = new ArrayList<>();
                waves.add(current);
                waveEnd = null;
            }
            current.add(r);
            // An unanswered request (still in flight) keeps the wave open.
            Instant end = r.answeredAt() == null ? Instant.MAX : r.answeredAt();
            waveEnd = waveEnd == null || end.isAfter(waveEnd) ? end : waveEnd;
        }
        return new RoundTrips(waves);
    }

    /**
     * The waves of the requests that arrived before the first one matching {@code stop} (all of them if none
     * matches).
     */
    public static RoundTrips before(List<RecordedRequest> requests, Predicate<RecordedRequest> stop) {
        Objects.requireNonNull(stop, "stop");
        List<RecordedRequest> earlier = new ArrayList<>();
        for (RecordedRequest r : requests) {
            if (stop.test(r)) {
                break;
            }
            earlier.add(r);
        }
        return of(earlier);
    }

    /**
     * The waves before the first {@code GET} of the authorization endpoint of {@code issuer} (the testkit serves it at
     * {@code issuer + "/authorize"}).
     */
    public static RoundTrips beforeAuthorization(List<RecordedRequest> requests, String issuer) {
        String path = java.net.URI.create(issuer + "/authorize").getRawPath();
        return before(requests, r -> r.method().equals("GET") && r.path().equals(path) && r.server().equals("as"));
    }

    /**
     * For each wave after the first, the time between the last answer of the previous wave and the arrival of this
     * wave's first request: what the client spent between two round trips (processing, connection set-up). Empty if
     * an answer time is missing.
     */
    public List<java.time.Duration> gaps() {
        List<java.time.Duration> gaps = new ArrayList<>();
        for (int i = 1; i < waves.size(); i++) {
            Instant answered = null;
            for (RecordedRequest r : waves.get(i - 1)) {
                if (r.answeredAt() == null) {
                    return List.of();
                }
                answered = answered == null || r.answeredAt().isAfter(answered) ? r.answeredAt() : answered;
            }
            gaps.add(java.time.Duration.between(answered, waves.get(i).get(0).receivedAt()));
        }
        return List.copyOf(gaps);
    }

    /** The number of sequential round trips (waves). */
    public int count() {
        return waves.size();
    }

    /** The number of requests in all waves. */
    public int requests() {
        return waves.stream().mapToInt(List::size).sum();
    }

    /** The waves in one line, e.g. {@code "POST /mcp | GET /.well-known/a + GET /.well-known/b | POST /register"}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (List<RecordedRequest> wave : waves) {
            parts.add(String.join(" + ", wave.stream().map(r -> r.method() + " " + r.path()).toList()));
        }
        return String.join(" | ", parts);
    }
}

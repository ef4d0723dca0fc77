package dev.mcpoauth.testkit;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RoundTripsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static RecordedRequest request(String method, String path, int receivedMs, Integer answeredMs) {
        return new RecordedRequest(method, path, null, Map.of(), "", "as", T0.plusMillis(receivedMs),
                answeredMs == null ? null : T0.plusMillis(answeredMs));
    }

    @Nested
    class Grouping {
        @Test
        void requests_sent_one_after_the_other_are_one_round_trip_each() {
            RoundTrips trips = RoundTrips.of(List.of(request("POST", "/mcp", 0, 25), request("GET", "/prm", 26, 51),
                    request("GET", "/as", 52, 77)));

            assertThat(trips.count()).isEqualTo(3);
            assertThat(trips.describe()).isEqualTo("POST /mcp | GET /prm | GET /as");
        }

        @Test
        void gaps_are_the_client_time_between_the_last_answer_of_a_wave_and_the_next_request() {
            RoundTrips trips = RoundTrips.of(List.of(request("GET", "/a", 0, 25), request("GET", "/b", 1, 30),
                    request("POST", "/register", 33, 58), request("GET", "/authorize", 60, 85)));

            assertThat(trips.gaps()).containsExactly(Duration.ofMillis(3), Duration.ofMillis(2));
        }

        @Test
        void requests_that_overlap_in_time_are_one_round_trip() {
            RoundTrips trips = RoundTrips.of(List.of(request("GET", "/a", 0, 25), request("GET", "/b", 1, 27),
                    request("GET", "/c", 26, 50), request("POST", "/register", 51, 76)));

            assertThat(trips.count()).isEqualTo(2);
            assertThat(trips.requests()).isEqualTo(4);
            assertThat(trips.describe()).isEqualTo("GET /a + GET /b + GET /c | POST /register");
        }

        @Test
        void a_request_arriving_exactly_when_the_wave_was_answered_starts_a_new_one() {
            assertThat(RoundTrips.of(List.of(request("GET", "/a", 0, 25), request("GET", "/b", 25, 50))).count())
                    .isEqualTo(2);
        }

        @Test
        void a_request_still_in_flight_keeps_its_wave_open() {
            assertThat(RoundTrips.of(List.of(request("GET", "/a", 0, null), request("GET", "/b", 500, 525))).count())
                    .isEqualTo(1);
        }

        @Test
        void no_requests_are_no_round_trips() {
            assertThat(RoundTrips.of(List.of()).count()).isZero();
        }

        @Test
        void a_request_without_times_is_refused() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> RoundTrips.of(List.of(new RecordedRequest("GET", "/x", null, Map.of(), "", "as"))))
                    .withMessage("request without a receivedAt time: GET /x");
        }
    }

    @Nested
    class BeforeAuthorization {
        @Test
        void only_requests_before_the_first_get_of_the_authorization_endpoint_count() {
            List<RecordedRequest> log = List.of(request("POST", "/mcp", 0, 25), request("POST", "/register", 30, 55),
                    request("GET", "/tenant/authorize", 60, 85), request("POST", "/tenant/token", 90, 115));

            RoundTrips trips = RoundTrips.beforeAuthorization(log, "http://127.0.0.1:1/tenant");

            assertThat(trips.describe()).isEqualTo("POST /mcp | POST /register");
        }
    }

    @Nested
    class AgainstTheServers {
        @Test
        void recorded_requests_carry_their_arrival_and_answer_times() {
            try (TestServers servers = TestServers.builder().responseDelay(Duration.ofMillis(20)).build().start()) {
                Http.get(servers.issuer() + "/.well-known/oauth-authorization-server");

                RecordedRequest r = servers.requests().get(0);
                assertThat(r.receivedAt()).isNotNull();
                assertThat(Duration.between(r.receivedAt(), r.answeredAt())).isGreaterThanOrEqualTo(Duration.ofMillis(20));
            }
        }

        @Test
        void concurrent_requests_are_one_round_trip_and_sequential_ones_are_two() {
            // 500 ms per answer: the two concurrent requests overlap even if one thread starts late on a busy machine.
            try (TestServers servers = TestServers.builder().responseDelay(Duration.ofMillis(500)).build().start()) {
                String metadata = servers.issuer() + "/.well-known/oauth-authorization-server";
                CompletableFuture<?> a = CompletableFuture.runAsync(() -> Http.get(metadata));
                CompletableFuture<?> b = CompletableFuture.runAsync(() -> Http.get(metadata));
                CompletableFuture.allOf(a, b).join();
                Http.get(metadata);

                assertThat(RoundTrips.of(servers.requests()).count()).isEqualTo(2);
            }
        }
    }
}

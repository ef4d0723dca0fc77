package dev.mcpoauth.discovery;

import static dev.mcpoauth.discovery.AuthorizationDiscoveryTest.metadata;
import static dev.mcpoauth.discovery.AuthorizationDiscoveryTest.prm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.discovery.RecordingSite.Answer;
import dev.mcpoauth.discovery.RecordingSite.Received;
import dev.mcpoauth.http.HttpTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Discovery with a {@link DiscoveryCache}, against real local servers: what a second discovery
 * sends (nothing, while fresh), how {@code Cache-Control} sets the lifetimes, and what failures drop.
 */
class DiscoveryCacheTest extends TwoSites {
    private final MutableClock clock = new MutableClock();
    private final DiscoveryCache cache = DiscoveryCache.builder().clock(clock).build();
    private final AuthorizationDiscovery discovery = AuthorizationDiscovery.builder(HttpTransport.defaults())
            .cache(cache)
            .build();

    private static Answer json(String body, String cacheControl) {
        return new Answer(200, "application/json", body.getBytes(StandardCharsets.UTF_8),
                cacheControl == null ? List.of() : List.of(Map.entry("Cache-Control", cacheControl)));
    }

    /** Enqueues one full discovery: challenge, PRM and AS metadata with the given Cache-Control values. */
    private void serveOnce(String prmCacheControl, String metadataCacheControl) {
        mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm")
                + "\", scope=\"mcp:read\""));
        mcp.enqueue("/prm", json(prm(server().toString(), auth.origin()), prmCacheControl));
        auth.enqueue("/.well-known/oauth-authorization-server", json(metadata(auth.origin()), metadataCacheControl));
    }

    private List<String> requests() {
        return received.stream().map(Received::toString).toList();
    }

    @Nested
    class WhileFresh {
        @Test
        void aSecondDiscoverySendsNoRequestAtAll() {
            serveOnce(null, null);
            ServerAuthorization first = discovery.discover(server());
            int sent = received.size();

            ServerAuthorization second = discovery.discover(server());

            assertThat(sent).isEqualTo(3);
            assertThat(received).hasSize(sent);
            assertThat(second.issuer()).isEqualTo(first.issuer());
            assertThat(second.resource()).isEqualTo(first.resource());
            assertThat(second.metadata().getTokenEndpointURI()).isEqualTo(first.metadata().getTokenEndpointURI());
            assertThat(second.challengeScopes()).containsExactly("mcp:read");
            assertThat(second.source()).isEqualTo(ServerAuthorization.Source.PROTECTED_RESOURCE_METADATA);
            assertThat(second.steps()).extracting(DiscoveryStep::description)
                    .containsExactly("cached discovery", "resource check", "cached discovery");
            assertThat(second.steps()).allMatch(step -> step.status() == -1);
        }

        @Test
        void anotherServerOfTheSameIssuerReusesTheAuthorizationServerMetadata() {
            serveOnce(null, null);
            discovery.discover(server());
            URI other = URI.create(mcp.url("/other/mcp"));
            mcp.enqueue("/other/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm2") + "\""));
            mcp.enqueue("/prm2", Answer.json(prm(other.toString(), auth.origin())));
            received.clear();

            ServerAuthorization result = discovery.discover(other);

            assertThat(requests()).containsExactly("POST " + other, "GET " + mcp.url("/prm2"));
            assertThat(result.issuer()).isEqualTo(auth.origin());
        }

        @Test
        void theConfiguredResourceIsPartOfTheKey() {
            serveOnce(null, null);
            discovery.discover(server());
            serveOnce(null, null);
            received.clear();

            discovery.discover(server(), new DiscoveryOptions(server().toString()));

            assertThat(requests()).containsExactly("POST " + server(), "GET " + mcp.url("/prm"));
        }
    }

    @Nested
    class Lifetimes {
        @Test
        void afterTheProtectedResourceMetadataExpiresTheServerIsDiscoveredAgainButTheIssuerIsNot() {
            serveOnce("max-age=60", "max-age=3600");
            discovery.discover(server());
            serveOnce(null, null);
            clock.advance(Duration.ofSeconds(61));
            received.clear();

            discovery.discover(server());

            assertThat(requests()).containsExactly("POST " + server(), "GET " + mcp.url("/prm"));
        }

        @Test
        void whenOnlyTheIssuerHasExpiredOnlyItsMetadataIsFetched() {
            serveOnce("max-age=3600", "max-age=60");
            discovery.discover(server());
            auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));
            clock.advance(Duration.ofSeconds(61));
            received.clear();

            ServerAuthorization result = discovery.discover(server());

            assertThat(requests()).containsExactly("GET " + auth.url("/.well-known/oauth-authorization-server"));
            assertThat(result.steps()).extracting(DiscoveryStep::description)
                    .containsExactly("cached discovery", "resource check", "authorization server metadata");
        }

        @Test
        void noStoreMetadataIsFetchedEveryTime() {
            serveOnce("no-store", null);
            discovery.discover(server());
            serveOnce(null, null);
            received.clear();

            discovery.discover(server());

            assertThat(requests()).containsExactly("POST " + server(), "GET " + mcp.url("/prm"));
        }

        @Test
        void noEntryOutlivesTheBoundWhateverTheServerSays() {
            serveOnce("max-age=604800", "max-age=604800");
            discovery.discover(server());
            serveOnce(null, null);
            clock.advance(DiscoveryCache.DEFAULT_MAX_TTL.plusSeconds(1));
            received.clear();

            discovery.discover(server());

            assertThat(received).hasSize(3);
        }

        @Test
        void withoutCacheControlTheHeuristicLifetimeApplies() {
            serveOnce(null, null);
            discovery.discover(server());
            clock.advance(DiscoveryCache.DEFAULT_HEURISTIC_TTL.minusSeconds(1));
            discovery.discover(server());
            assertThat(received).hasSize(3);

            serveOnce(null, null);
            clock.advance(Duration.ofSeconds(2));
            discovery.discover(server());
            assertThat(received).hasSize(6);
        }
    }

    @Nested
    class Invalidation {
        @Test
        void invalidatingTheServerMakesTheNextDiscoveryProbeAgain() {
            serveOnce(null, null);
            discovery.discover(server());
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.json(prm(server().toString(), auth.origin())));
            cache.invalidate(server());
            received.clear();

            discovery.discover(server());

            assertThat(requests()).containsExactly("POST " + server(), "GET " + mcp.url("/prm"));
        }

        @Test
        void invalidatingTheIssuerDropsItsMetadataAndTheServersThatNameIt() {
            serveOnce(null, null);
            discovery.discover(server());
            cache.invalidateIssuer(auth.origin());
            assertThat(cache.size()).isZero();
        }

        @Test
        void aFailedDiscoveryDropsTheServerEntry() {
            serveOnce("max-age=3600", "max-age=60");
            discovery.discover(server());
            clock.advance(Duration.ofSeconds(61));
            assertThatThrownBy(() -> discovery.discover(server())).isInstanceOfSatisfying(McpOAuthException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_NOT_FOUND));
            serveOnce(null, null);
            received.clear();

            discovery.discover(server());

            assertThat(requests()).containsExactly("POST " + server(), "GET " + mcp.url("/prm"),
                    "GET " + auth.url("/.well-known/oauth-authorization-server"));
        }

        @Test
        void aFailedDiscoveryStoresNothing() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
            mcp.enqueue("/prm", Answer.json(prm("https://elsewhere.example/mcp", auth.origin())));
            assertThatThrownBy(() -> discovery.discover(server())).isInstanceOfSatisfying(McpOAuthException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_MISMATCH));
            assertThat(cache.size()).isZero();
        }
    }

    @Nested
    class TwoThousandTwentyFiveServers {
        @Test
        void defaultEndpointsAreRememberedForTheHeuristicLifetime() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer"));
            ServerAuthorization first = discovery.discover(server());
            int sent = received.size();

            ServerAuthorization second = discovery.discover(server());

            assertThat(first.source()).isEqualTo(ServerAuthorization.Source.LEGACY_DEFAULT_ENDPOINTS);
            assertThat(second.source()).isEqualTo(ServerAuthorization.Source.LEGACY_DEFAULT_ENDPOINTS);
            assertThat(second.metadata().getTokenEndpointURI()).isEqualTo(URI.create(mcp.origin() + "/token"));
            assertThat(received).hasSize(sent);
        }

        @Test
        void originMetadataIsRemembered() {
            mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer"));
            mcp.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(mcp.origin())));
            ServerAuthorization first = discovery.discover(server());
            int sent = received.size();

            ServerAuthorization second = discovery.discover(server());

            assertThat(first.source()).isEqualTo(ServerAuthorization.Source.LEGACY_ORIGIN_METADATA);
            assertThat(second.source()).isEqualTo(ServerAuthorization.Source.LEGACY_ORIGIN_METADATA);
            assertThat(second.issuer()).isEqualTo(first.issuer());
            assertThat(received).hasSize(sent);
        }
    }
}

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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Concurrent probing of well-known locations: the requests go out together, the answers are taken
 * in spec priority order, and no URL the spec rules out is ever requested.
 *
 * <p>Concurrency is shown without timing: the highest-priority location is held until a
 * lower-priority one has been requested, which a one-by-one client would never do (the hold gives
 * up after 5 s, and the test then fails on the recorded order).
 */
class ConcurrentProbingTest extends TwoSites {
    private final AuthorizationDiscovery discovery = AuthorizationDiscovery.builder(HttpTransport.defaults())
            .concurrentProbing(true)
            .build();

    private void protectedBy(String issuer) {
        mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm") + "\""));
        mcp.enqueue("/prm", Answer.json(prm(server().toString(), issuer)));
    }

    /** Holds the answer for {@code first} until {@code later} has been requested; records whether it had. */
    private CountDownLatch holdUntilRequested(RecordingSite site, String first, String later) {
        CountDownLatch latch = new CountDownLatch(1);
        site.hold(first, latch);
        site.whenRequested(later, latch::countDown);
        return latch;
    }

    private List<String> requestsTo(RecordingSite site) {
        return received.stream().filter(r -> r.url().startsWith(site.origin())).map(Received::toString).toList();
    }

    @Test
    void theHighestPriorityMetadataWinsEvenWhenALowerOneAnswersFirst() {
        String issuer = auth.url("/tenant1");
        protectedBy(issuer);
        CountDownLatch held = holdUntilRequested(auth, "/.well-known/oauth-authorization-server/tenant1",
                "/tenant1/.well-known/openid-configuration");
        auth.enqueue("/.well-known/oauth-authorization-server/tenant1",
                Answer.json(metadata(issuer).replace("/tenant1/authorize", "/tenant1/rfc8414-authorize")));
        auth.enqueue("/tenant1/.well-known/openid-configuration", Answer.json(metadata(issuer)));

        ServerAuthorization result = discovery.discover(server());

        assertThat(held.getCount()).as("the third location was requested before the first answered").isZero();
        assertThat(result.metadata().getAuthorizationEndpointURI()).isEqualTo(URI.create(issuer + "/rfc8414-authorize"));
        assertThat(requestsTo(auth)).containsExactlyInAnyOrder(
                "GET " + auth.url("/.well-known/oauth-authorization-server/tenant1"),
                "GET " + auth.url("/.well-known/openid-configuration/tenant1"),
                "GET " + auth.url("/tenant1/.well-known/openid-configuration"));
        List<DiscoveryStep> metadataSteps = result.steps().stream()
                .filter(step -> step.description().equals("authorization server metadata")).toList();
        assertThat(metadataSteps).extracting(DiscoveryStep::outcome).containsExactly(
                "found authorization server metadata for issuer `" + issuer + "`",
                "requested at the same time as the location above; its answer is not used",
                "requested at the same time as the location above; its answer is not used");
    }

    @Test
    void aLowerPriorityLocationIsUsedWhenTheHigherOnesHaveNothing() {
        protectedBy(auth.origin());
        auth.enqueue("/.well-known/openid-configuration", Answer.json(metadata(auth.origin())));

        ServerAuthorization result = discovery.discover(server());

        assertThat(result.issuer()).isEqualTo(auth.origin());
        assertThat(result.steps()).extracting(DiscoveryStep::outcome).contains(
                "not found (HTTP 404), trying the next location",
                "found authorization server metadata for issuer `" + auth.origin() + "`");
    }

    @Test
    void anIssuerMismatchAtAHigherPriorityLocationStillStopsDiscovery() {
        protectedBy(auth.origin());
        auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata("https://login.example.com")));
        auth.enqueue("/.well-known/openid-configuration", Answer.json(metadata(auth.origin())));

        assertThatThrownBy(() -> discovery.discover(server())).isInstanceOfSatisfying(McpOAuthException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.ISSUER_MISMATCH);
            assertThat(e.detail()).isEqualTo("authorization server metadata at " + auth.origin()
                    + "/.well-known/oauth-authorization-server names issuer `https://login.example.com`, not `"
                    + auth.origin() + "` (RFC 8414 §3.3)");
        });
    }

    @Test
    void theRootIsNeverRequestedForAnIssuerWithAPath() {
        String issuer = auth.url("/tenant1");
        protectedBy(issuer);

        assertThatThrownBy(() -> discovery.discover(server())).isInstanceOfSatisfying(McpOAuthException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_NOT_FOUND));
        assertThat(requestsTo(auth)).hasSize(3).noneMatch(r -> r.endsWith("/.well-known/oauth-authorization-server")
                || r.endsWith("/.well-known/openid-configuration") && !r.contains("tenant1"));
    }

    @Test
    void aChallengeNamingItsMetadataMeansNoWellKnownProtectedResourceRequest() {
        protectedBy(auth.origin());
        auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

        discovery.discover(server());

        assertThat(requestsTo(mcp)).containsExactly("POST " + server(), "GET " + mcp.url("/prm"));
    }

    @Test
    void theWellKnownProtectedResourceLocationsAreRequestedTogetherAndThePathOneWins() {
        mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer"));
        CountDownLatch held = holdUntilRequested(mcp, "/.well-known/oauth-protected-resource/public/mcp",
                "/.well-known/oauth-protected-resource");
        mcp.enqueue("/.well-known/oauth-protected-resource/public/mcp", Answer.json(prm(server().toString(), auth.origin())));
        mcp.enqueue("/.well-known/oauth-protected-resource", Answer.json(prm(mcp.origin(), "https://other.example.com")));
        auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));

        ServerAuthorization result = discovery.discover(server());

        assertThat(held.getCount()).as("the root location was requested before the path one answered").isZero();
        assertThat(result.issuer()).isEqualTo(auth.origin());
        assertThat(result.resource().value()).isEqualTo(server().toString());
    }
}

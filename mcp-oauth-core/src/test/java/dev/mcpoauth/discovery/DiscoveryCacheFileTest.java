package dev.mcpoauth.discovery;

import static dev.mcpoauth.discovery.AuthorizationDiscoveryTest.metadata;
import static dev.mcpoauth.discovery.AuthorizationDiscoveryTest.prm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.discovery.RecordingSite.Answer;
import dev.mcpoauth.http.HttpTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@link DiscoveryCache} with a file: what one process learnt, the next one (a new cache) reuses. */
class DiscoveryCacheFileTest extends TwoSites {
    private final MutableClock clock = new MutableClock();
    @TempDir
    Path home;

    private Path file() {
        return home.resolve("discovery-cache.json");
    }

    /** A new process: a new cache over the same file. */
    private AuthorizationDiscovery process() {
        return AuthorizationDiscovery.builder(HttpTransport.defaults())
                .cache(DiscoveryCache.builder().clock(clock).file(file()).build())
                .build();
    }

    private void serveOnce() {
        mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer resource_metadata=\"" + mcp.url("/prm")
                + "\", scope=\"mcp:read\""));
        mcp.enqueue("/prm", Answer.json(prm(server().toString(), auth.origin())));
        auth.enqueue("/.well-known/oauth-authorization-server", Answer.json(metadata(auth.origin())));
    }

    @Test
    void theNextProcessDiscoversWithoutARequest() throws Exception {
        serveOnce();
        ServerAuthorization first = process().discover(server());

        ServerAuthorization second = process().discover(server());

        assertThat(received).hasSize(3);
        assertThat(second.issuer()).isEqualTo(first.issuer());
        assertThat(second.challengeScopes()).containsExactly("mcp:read");
        assertThat(second.protectedResource().authorizationServers()).containsExactly(auth.origin());
        assertThat(second.metadata().getTokenEndpointURI()).isEqualTo(first.metadata().getTokenEndpointURI());
        assertThat(second.clientIdMetadataDocumentSupported()).isTrue();
        assertThat(second.issParameterSupported()).isTrue();
        if (Files.getFileStore(home).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        }
        try (var files = Files.list(home)) {
            assertThat(files).containsExactly(file());
        }
    }

    @Test
    void temporaryFilesOfAKilledWriterAreRemoved() throws Exception {
        Path leftover = home.resolve(".discovery-cache4711.tmp");
        Files.writeString(leftover, "{\"version\":1,\"ser");
        serveOnce();

        process().discover(server());

        assertThat(leftover).doesNotExist();
        assertThat(file()).exists();
    }

    @Test
    void expiredEntriesAreNotLoaded() {
        serveOnce();
        process().discover(server());
        clock.advance(DiscoveryCache.DEFAULT_HEURISTIC_TTL.plus(Duration.ofSeconds(1)));
        serveOnce();

        process().discover(server());

        assertThat(received).hasSize(6);
    }

    @Test
    void anInvalidationReachesTheNextProcess() {
        serveOnce();
        AuthorizationDiscovery first = process();
        first.discover(server());
        DiscoveryCache.builder().clock(clock).file(file()).build().invalidate(server());
        serveOnce();

        process().discover(server());

        assertThat(received.stream().filter(r -> r.method().equals("POST"))).hasSize(2);
    }

    @Test
    void anUnreadableFileIsIgnoredAndReplaced() throws Exception {
        Files.writeString(file(), "{\"version\":1,\"servers\":[{\"serverUrl\":");
        serveOnce();

        process().discover(server());
        process().discover(server());

        assertThat(received).hasSize(3);
        assertThat(Files.readString(file())).startsWith("{\"version\":1,");
    }

    @Test
    void defaultEndpointsOfA2025ServerSurviveTheRoundTrip() {
        mcp.enqueue("/public/mcp", Answer.unauthorized("Bearer"));
        ServerAuthorization first = process().discover(server());
        int sent = received.size();

        ServerAuthorization second = process().discover(server());

        assertThat(received).hasSize(sent);
        assertThat(second.source()).isEqualTo(ServerAuthorization.Source.LEGACY_DEFAULT_ENDPOINTS);
        assertThat(second.metadata().getAuthorizationEndpointURI()).isEqualTo(first.metadata().getAuthorizationEndpointURI());
        assertThat(second.s256Supported()).isTrue();
    }
}

package dev.mcpoauth.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.LoginResult;
import dev.mcpoauth.login.PendingLogin;
import dev.mcpoauth.store.FileCredentialStore;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.testkit.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hostile MCP server or authorization server tries to redirect the login during discovery. */
class DiscoveryAttacksTest {
    private final InMemoryCredentialStore store = new InMemoryCredentialStore();
    private final LoginFlow flow = LoginFlow.builder().credentialStore(store).build();
    private final HostileWorld world = new HostileWorld();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        world.close();
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private McpOAuthException startFails() {
        try {
            PendingLogin login = flow.start(world.request().build());
            login.close();
        } catch (McpOAuthException e) {
            assertThat(store.list()).as("nothing stored").isEmpty();
            world.assertSecretsStayedHome(seen -> false);
            assertThat(world.authorizations).hasValue(0);
            return e;
        }
        throw new AssertionError("the login started");
    }

    @Nested
    class TheProtectedResourceMetadata {
        @Test
        void namingAnotherServerAsItsResourceStopsBeforeTheAuthorizationServer() {
            world.prm.put("resource", "https://bank.example.com/mcp");
            McpOAuthException e = startFails();
            assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_MISMATCH);
            assertThat(e.detail()).isEqualTo("protected resource metadata at " + world.mcp.origin()
                    + "/.well-known/oauth-protected-resource/mcp is for `https://bank.example.com/mcp`, not `"
                    + world.mcpUrl() + "` (RFC 9728 §3.3)");
            assertThat(world.requestsTo(world.as)).isEmpty();
        }

        @Test
        void onAnotherOriginIsUsedWhenItsResourceIsThisServer() throws Exception {
            HostileSite elsewhere = new HostileSite("elsewhere", world.log);
            closeables.add(elsewhere);
            elsewhere.on("/prm", HostileSite.json(world.prm.toString()));
            world.mcp.on("/mcp", (exchange, seen) -> {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer resource_metadata=\"" + elsewhere.origin() + "/prm\"");
                HostileSite.send(exchange, 401, "application/json", "{}");
            });
            try (PendingLogin login = flow.start(world.request().build())) {
                HostileWorld.approve(login);
                LoginResult result = login.result().orTimeout(20, TimeUnit.SECONDS).join();
                assertThat(result.credentials().resource()).isEqualTo(world.mcpUrl().toString());
            }
            assertThat(world.paths(world.mcp)).doesNotContain("GET /.well-known/oauth-protected-resource/mcp");
        }

        @Test
        void onAnotherOriginNamingThatOriginAsResourceIsAMismatch() throws Exception {
            HostileSite elsewhere = new HostileSite("elsewhere", world.log);
            closeables.add(elsewhere);
            world.prm.put("resource", elsewhere.origin() + "/mcp");
            elsewhere.on("/prm", HostileSite.json(world.prm.toString()));
            world.mcp.on("/mcp", (exchange, seen) -> {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer resource_metadata=\"" + elsewhere.origin() + "/prm\"");
                HostileSite.send(exchange, 401, "application/json", "{}");
            });
            McpOAuthException e = startFails();
            assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_MISMATCH);
            assertThat(e.detail()).contains("is for `" + elsewhere.origin() + "/mcp`, not `" + world.mcpUrl() + "`");
            assertThat(world.requestsTo(world.as)).isEmpty();
        }
    }

    @Nested
    class TheAuthorizationServerMetadata {
        @Test
        void namingAnotherIssuerIsNotUsed() {
            world.metadata.put("issuer", "https://login.example.com");
            McpOAuthException e = startFails();
            assertThat(e.code()).isEqualTo(ErrorCode.ISSUER_MISMATCH);
            assertThat(e.detail()).isEqualTo("authorization server metadata at " + world.as.origin()
                    + "/.well-known/oauth-authorization-server names issuer `https://login.example.com`, not `"
                    + world.as.origin() + "` (RFC 8414 §3.3)");
            // Only metadata was requested (the well-known locations go out together): nothing registered or authorized.
            assertThat(world.paths(world.as)).contains("GET /.well-known/oauth-authorization-server")
                    .allMatch(path -> path.startsWith("GET /.well-known/"));
        }

        @Test
        void thatRedirectsToAnotherOriginIsNotFollowed() throws Exception {
            HostileSite elsewhere = new HostileSite("elsewhere", world.log);
            closeables.add(elsewhere);
            elsewhere.on("/metadata", HostileSite.json(world.metadata.toString()));
            world.as.on("/.well-known/oauth-authorization-server", HostileSite.redirect(elsewhere.origin() + "/metadata"));
            McpOAuthException e = startFails();
            assertThat(e.code()).isEqualTo(ErrorCode.REDIRECT_REFUSED);
            assertThat(e.detail()).isEqualTo("`" + world.as.origin() + "/.well-known/oauth-authorization-server`"
                    + " redirected to another origin (`" + elsewhere.origin() + "`),"
                    + " which may not speak for it");
            assertThat(world.log).noneMatch(seen -> seen.site().equals("elsewhere"));
        }

        @Test
        void withoutS256IsRefusedBeforeAnyRegistrationOrAuthorization() {
            world.metadata.putArray("code_challenge_methods_supported").add("plain");
            McpOAuthException e = startFails();
            assertThat(e.code()).isEqualTo(ErrorCode.PKCE_UNSUPPORTED);
            assertThat(e.detail()).isEqualTo("the authorization server `" + world.as.origin() + "` does not list S256 in"
                    + " code_challenge_methods_supported (MCP authorization: clients MUST refuse to proceed without PKCE support)");
            // Only metadata was requested (the well-known locations go out together): nothing registered or authorized.
            assertThat(world.paths(world.as)).contains("GET /.well-known/oauth-authorization-server")
                    .allMatch(path -> path.startsWith("GET /.well-known/"));
        }
    }

    @Nested
    class WithTheTestkit {
        @TempDir
        Path home;

        @Test
        void aResourceOverrideForAnotherServerStoresNothingInTheCredentialsFile() {
            try (TestServers servers = TestServers.builder().prmResourceOverride("https://other.example.com/mcp").build().start()) {
                LoginFlow fileFlow = LoginFlow.builder().credentialStore(FileCredentialStore.inHome(home)).build();
                assertThatThrownBy(() -> fileFlow.start(dev.mcpoauth.login.LoginRequest.builder("docs", servers.mcpUrl()).build()))
                        .isInstanceOfSatisfying(McpOAuthException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_MISMATCH));
                assertThat(Files.exists(home.resolve(FileCredentialStore.FILE_NAME))).isFalse();
                assertThat(servers.requests()).noneMatch(r -> r.server().equals("as"));
            }
        }
    }
}

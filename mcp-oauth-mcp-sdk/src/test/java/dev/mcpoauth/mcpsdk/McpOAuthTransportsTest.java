package dev.mcpoauth.mcpsdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.grant.ClientCredentials;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.testkit.IssuedToken;
import dev.mcpoauth.testkit.TestServers;
import dev.mcpoauth.testkit.TestServersBuilder;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The real MCP Java SDK client, through the adapter, against the testkit's MCP and authorization servers. */
class McpOAuthTransportsTest {
    private final InMemoryCredentialStore store = new InMemoryCredentialStore();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    private TestServers servers(Consumer<TestServersBuilder> config) {
        TestServersBuilder builder = TestServers.builder();
        config.accept(builder);
        TestServers servers = builder.build().start();
        closeAfter.add(servers);
        return servers;
    }

    private McpOAuth oauth(Consumer<LoginRequest.Builder> loginOptions) {
        return McpOAuth.builder("docs")
                .credentialStore(store)
                .loginInteraction(LoginInteraction.headless())
                .loginOptions(login -> {
                    login.timeout(Duration.ofSeconds(20));
                    loginOptions.accept(login);
                })
                .build();
    }

    private McpSyncClient client(URI serverUrl, McpOAuth oauth) {
        McpSyncClient client = McpClient.sync(McpOAuthTransports.streamableHttp(serverUrl, oauth).build())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        closeAfter.add(0, client::closeGracefully);
        client.initialize();
        return client;
    }

    private static long authorizations(TestServers servers) {
        return servers.requests().stream().filter(r -> r.path().endsWith("/authorize")).count();
    }

    private static McpSchema.CallToolResult echo(McpSyncClient client, String tool, String text) {
        return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(Map.of("text", text)).build());
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Nested
    class Connecting {
        @Test
        void logsInOnTheFirst401AndListsTools() {
            TestServers servers = servers(b -> { });
            McpSyncClient client = client(servers.mcpUrl(), oauth(login -> { }));

            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("echo", "admin_echo");
            assertThat(text(echo(client, "echo", "hello"))).isEqualTo("hello");
            assertThat(authorizations(servers)).isEqualTo(1);
            assertThat(store.load(new ServerKey("docs", servers.mcpUrl().toString()))).isPresent();
        }

        @Test
        void sendsTheAccessTokenAsABearerHeaderNeverInTheQuery() {
            TestServers servers = servers(b -> { });
            McpSyncClient client = client(servers.mcpUrl(), oauth(login -> { }));
            client.listTools();

            String token = servers.issuedTokens().get(0).accessToken();
            assertThat(servers.requests()).filteredOn(r -> r.path().equals("/mcp") && r.header("authorization") != null)
                    .isNotEmpty()
                    .allSatisfy(r -> {
                        assertThat(r.header("authorization")).isEqualTo("Bearer " + token);
                        assertThat(r.query()).isNull();
                    });
        }

        @Test
        void usesStoredTokensWithoutAnotherLogin() {
            TestServers servers = servers(b -> { });
            client(servers.mcpUrl(), oauth(login -> { })).listTools();

            McpSyncClient second = client(servers.mcpUrl(), oauth(login -> { }));
            second.listTools();

            assertThat(authorizations(servers)).isEqualTo(1);
            assertThat(servers.issuedTokens()).hasSize(1);
        }

        @Test
        void sendsTheStandardMcpRequestHeaders() {
            TestServers servers = servers(b -> { });
            McpSyncClient client = client(servers.mcpUrl(), oauth(login -> { }));
            echo(client, "echo", "x");

            assertThat(servers.requests()).filteredOn(r -> r.body().contains("\"tools/call\""))
                    .last()
                    .satisfies(r -> {
                        assertThat(r.header("mcp-method")).isEqualTo("tools/call");
                        assertThat(r.header("mcp-name")).isEqualTo("echo");
                    });
        }

        @Test
        void aHostThatNeverPromptsGetsLoginRequired() {
            TestServers servers = servers(b -> { });
            McpOAuth oauth = McpOAuth.builder("docs").credentialStore(store).loginInteraction(LoginInteraction.NONE).build();
            McpSyncClient client = McpClient.sync(McpOAuthTransports.streamableHttp(servers.mcpUrl(), oauth).build())
                    .requestTimeout(Duration.ofSeconds(30)).build();
            closeAfter.add(0, client::closeGracefully);

            McpOAuthException failure = rootOAuthCause(catchThrowable(client::initialize));

            assertThat(failure.code()).isEqualTo(ErrorCode.LOGIN_REQUIRED);
            assertThat(failure.getMessage()).isEqualTo("'docs' needs a login, and this application does not start"
                    + " logins by itself. Run `mcp-oauth login docs`.");
        }
    }

    @Nested
    class StepUp {
        @Test
        void aToolNeedingAScopeTheTokenLacksStepsUpWithTheUnionOfScopes() {
            TestServers servers = servers(b -> b.challengeScope("mcp:read"));
            McpSyncClient client = client(servers.mcpUrl(), oauth(login -> { }));
            assertThat(servers.issuedTokens().get(0).scopes()).containsExactly("mcp:read");

            assertThat(text(echo(client, "admin_echo", "as admin"))).isEqualTo("as admin");

            assertThat(authorizations(servers)).isEqualTo(2);
            IssuedToken stepped = servers.issuedTokens().get(servers.issuedTokens().size() - 1);
            assertThat(stepped.scopes()).containsExactlyInAnyOrder("mcp:read", "mcp:write");
        }

        @Test
        void stopsAfterThreeAuthorizationsForOneOperationWithAClearError() throws Exception {
            TestServers servers = servers(b -> { });
            URI prm = URI.create(servers.mcpUrl().resolve("/").toString()
                    + ".well-known/oauth-protected-resource" + servers.mcpUrl().getPath());
            ForbiddingProxy proxy = new ForbiddingProxy(servers.mcpUrl(), prm);
            closeAfter.add(proxy);
            McpSyncClient client = client(proxy.url(), oauth(login -> login.oauthResource(servers.mcpUrl().toString())));
            long afterInitialize = authorizations(servers);

            McpOAuthException failure = rootOAuthCause(catchThrowable(() -> echo(client, "echo", "x")));

            assertThat(authorizations(servers) - afterInitialize).isEqualTo(3);
            assertThat(failure.code()).isEqualTo(ErrorCode.AUTHORIZATION_DENIED);
            assertThat(failure.getMessage()).isEqualTo("'docs' still refuses `tools/call echo` after 3 authorizations"
                    + " (the server needs more scope (insufficient_scope: mcp:admin); scopes requested: mcp:read"
                    + " mcp:write mcp:admin). Ask the server's operator to grant your account the scopes it asks for.");
        }

        @Test
        void aLaterCallOfTheSameToolGetsItsOwnThreeAttempts() throws Exception {
            TestServers servers = servers(b -> { });
            URI prm = URI.create(servers.mcpUrl().resolve("/").toString()
                    + ".well-known/oauth-protected-resource" + servers.mcpUrl().getPath());
            ForbiddingProxy proxy = new ForbiddingProxy(servers.mcpUrl(), prm);
            closeAfter.add(proxy);
            McpSyncClient client = client(proxy.url(), oauth(login -> login.oauthResource(servers.mcpUrl().toString())));
            catchThrowable(() -> echo(client, "echo", "x"));
            long afterFirstCall = authorizations(servers);

            catchThrowable(() -> echo(client, "echo", "x"));

            assertThat(authorizations(servers) - afterFirstCall).isEqualTo(3);
        }
    }

    @Nested
    class Refresh {
        @Test
        void anExpiredAccessTokenIsRefreshedWithoutAnotherLogin() {
            TestServers servers = servers(b -> { });
            McpSyncClient client = client(servers.mcpUrl(), oauth(login -> { }));
            client.listTools();

            servers.expireAccessTokens();
            assertThat(text(echo(client, "echo", "still here"))).isEqualTo("still here");

            assertThat(authorizations(servers)).isEqualTo(1);
            assertThat(servers.issuedTokens()).hasSize(2);
            String refreshed = servers.issuedTokens().get(1).accessToken();
            assertThat(store.load(new ServerKey("docs", servers.mcpUrl().toString())).orElseThrow()
                    .tokens().accessToken()).isEqualTo(refreshed);
        }

        @Test
        void withoutARefreshTokenAnExpiredTokenLeadsToANewLogin() {
            TestServers servers = servers(b -> b.refreshTokens(false));
            McpSyncClient client = client(servers.mcpUrl(), oauth(login -> { }));
            client.listTools();

            servers.expireAccessTokens();
            client.listTools();

            assertThat(authorizations(servers)).isEqualTo(2);
        }
    }

    @Nested
    class WithoutAUser {
        private McpOAuth service() {
            return McpOAuth.builder("reports")
                    .credentialStore(store)
                    .loginInteraction(LoginInteraction.NONE)
                    .grant(ClientCredentials.withSecret("reporting", "s3cret"))
                    .build();
        }

        @Test
        void aClientCredentialsGrantConnectsWithoutABrowser() {
            TestServers servers = servers(b -> b.preRegisteredClient("reporting", "s3cret"));
            McpSyncClient client = client(servers.mcpUrl(), service());

            assertThat(client.listTools().tools()).isNotEmpty();
            assertThat(authorizations(servers)).isZero();
            assertThat(servers.issuedTokens()).extracting(IssuedToken::clientId).containsExactly("reporting");
        }

        @Test
        void anExpiredTokenIsReplacedByRunningTheGrantAgain() {
            TestServers servers = servers(b -> b.preRegisteredClient("reporting", "s3cret"));
            McpSyncClient client = client(servers.mcpUrl(), service());
            client.listTools();

            servers.expireAccessTokens();
            client.listTools();

            assertThat(servers.issuedTokens()).hasSize(2);
        }

        @Test
        void aRejectedGrantReachesTheCallerAndIsNotRetried() {
            TestServers servers = servers(b -> b.preRegisteredClient("reporting", "other-secret"));
            McpSyncClient client = McpClient.sync(McpOAuthTransports.streamableHttp(servers.mcpUrl(), service()).build())
                    .requestTimeout(Duration.ofSeconds(30)).build();
            closeAfter.add(0, client::closeGracefully);

            McpOAuthException failure = rootOAuthCause(catchThrowable(client::initialize));

            assertThat(failure.code()).isEqualTo(ErrorCode.TOKEN_REJECTED);
            assertThat(servers.requests()).filteredOn(r -> r.path().endsWith("/token")).hasSize(1);
        }
    }

    static McpOAuthException rootOAuthCause(Throwable thrown) {
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof McpOAuthException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("an McpOAuthException in the cause chain of %s", thrown).isNotNull();
        return (McpOAuthException) cause;
    }
}

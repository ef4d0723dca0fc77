package dev.mcpoauth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.store.ServerKey;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** How a config.toml server entry, the top-level keys and the environment become a LoginRequest (no network). */
class ServerLoginsTest {
    private static final String DOCS = "[mcp_servers.docs]\nurl = \"https://mcp.example.com/mcp\"\n";

    private static LoginRequest build(String toml, Map<String, String> env) {
        McpOAuthConfig config = McpOAuthConfig.parse(toml, Path.of("config.toml"));
        return ServerLogins.request(config.server("docs").orElseThrow(), config, env).build();
    }

    @Test
    void carriesTheNameUrlScopesResourceCallbackSettingsAndHeaders() {
        String toml = "mcp_oauth_callback_port = 4321\nmcp_oauth_callback_url = \"http://127.0.0.1:4321/cb\"\n" + DOCS
                + "scopes = [\"a\", \"b\"]\noauth_resource = \"https://api.example.com\"\n"
                + "http_headers = { \"X-Team\" = \"docs\" }\nenv_http_headers = { \"X-Tenant\" = \"TENANT\", \"X-Unset\" = \"UNSET\" }\n";
        LoginRequest request = build(toml, Map.of("TENANT", "acme"));
        assertThat(request.serverName()).isEqualTo("docs");
        assertThat(request.serverUrl()).isEqualTo(URI.create("https://mcp.example.com/mcp"));
        assertThat(request.scopes()).containsExactly("a", "b");
        assertThat(request.oauthResource()).isEqualTo("https://api.example.com");
        assertThat(request.callbackPort()).isEqualTo(4321);
        assertThat(request.callbackUrl()).isEqualTo("http://127.0.0.1:4321/cb");
        assertThat(request.httpHeaders()).isEqualTo(Map.of("X-Team", "docs", "X-Tenant", "acme"));
        assertThat(request.preRegistered()).isNull();
        assertThat(request.timeout()).isEqualTo(LoginRequest.DEFAULT_TIMEOUT);
    }

    @Test
    void leavesScopesToDiscoveryWhenNoneAreConfiguredButKeepsAConfiguredEmptyList() {
        assertThat(build(DOCS, Map.of()).scopes()).isNull();
        assertThat(build(DOCS + "scopes = []\n", Map.of()).scopes()).isEmpty();
    }

    @Test
    void leavesTheCallerItsOverrides() {
        McpOAuthConfig config = McpOAuthConfig.parse("mcp_oauth_callback_port = 4321\n" + DOCS, Path.of("config.toml"));
        LoginRequest request = ServerLogins.request(config.server("docs").orElseThrow(), config, Map.of())
                .callbackPort(5555).build();
        assertThat(request.callbackPort()).isEqualTo(5555);
    }

    @Test
    void refusesAStdioServer() {
        McpOAuthConfig config = McpOAuthConfig.parse("[mcp_servers.docs]\ncommand = \"docs-mcp\"\n", Path.of("config.toml"));
        assertThatThrownBy(() -> ServerLogins.request(config.server("docs").orElseThrow(), config, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'docs' is not a streamable HTTP server");
    }

    @Test
    void keysCredentialsByNameAndUrl() {
        McpOAuthConfig config = McpOAuthConfig.parse(DOCS, Path.of("config.toml"));
        assertThat(ServerLogins.key(config.server("docs").orElseThrow()))
                .isEqualTo(new ServerKey("docs", "https://mcp.example.com/mcp"));
    }

    @Nested
    class APreRegisteredClient {
        private static final String TOML = DOCS + "[mcp_servers.docs.oauth]\nclient_id = \"ide\"\nclient_secret_env = \"IDE_SECRET\"\n";

        @Test
        void takesItsSecretFromTheEnvironment() {
            LoginRequest request = build(TOML, Map.of("IDE_SECRET", "s3cret"));
            assertThat(request.preRegistered().clientId()).isEqualTo("ide");
            assertThat(request.preRegistered().clientSecret().getValue()).isEqualTo("s3cret");
        }

        @Test
        void failsClearlyWhenTheSecretVariableIsUnsetOrEmpty() {
            for (Map<String, String> env : java.util.List.of(Map.<String, String>of(), Map.of("IDE_SECRET", ""))) {
                assertThatThrownBy(() -> build(TOML, env))
                        .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                            assertThat(e.detail()).isEqualTo("the environment variable `IDE_SECRET` named by "
                                    + "`mcp_servers.docs.oauth.client_secret_env` is not set");
                            assertThat(e.hint()).isEqualTo("Set it in the environment, or remove client_secret_env for"
                                    + " a public client.");
                        });
            }
        }

        @Test
        void isPublicWithoutASecretVariable() {
            assertThat(build(DOCS + "[mcp_servers.docs.oauth]\nclient_id = \"ide\"\n", Map.of()).preRegistered()
                    .clientSecret()).isNull();
        }

        @Test
        void aBlankClientIdIsNoClient() {
            assertThat(build(DOCS + "[mcp_servers.docs.oauth]\nclient_id = \" \"\nclient_secret_env = \"IDE_SECRET\"\n",
                    Map.of()).preRegistered()).isNull();
        }
    }
}

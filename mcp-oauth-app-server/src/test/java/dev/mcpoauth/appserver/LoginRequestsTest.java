package dev.mcpoauth.appserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.appserver.protocol.ClientRegistration;
import dev.mcpoauth.appserver.protocol.McpServerOauthLoginParams;
import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.registration.RegistrationMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** How login params and config.toml combine into a core LoginRequest (no network). */
class LoginRequestsTest {
    private static McpOAuthConfig config(String toml) {
        return McpOAuthConfig.parse(toml, Path.of("config.toml"));
    }

    private static LoginRequest build(McpServerOauthLoginParams params, String toml, Map<String, String> env) {
        McpOAuthConfig config = config(toml);
        ServerConfig server = config.server(params.name()).orElseThrow();
        return LoginRequests.build(params, server, config, env);
    }

    private static McpServerOauthLoginParams params(List<String> scopes) {
        return new McpServerOauthLoginParams("docs", scopes, null, null, null);
    }

    @Nested
    class Scopes {
        private static final String CONFIGURED = "[mcp_servers.docs]\nurl = \"https://mcp.example.com/mcp\"\nscopes = [\"a\", \"b\"]\n";

        @Test
        void explicitParamsWinOverConfiguredScopes() {
            assertThat(build(params(List.of("x")), CONFIGURED, Map.of()).scopes()).containsExactly("x");
        }

        @Test
        void configuredScopesWinOverDiscovery() {
            assertThat(build(params(null), CONFIGURED, Map.of()).scopes()).containsExactly("a", "b");
        }

        @Test
        void aConfiguredEmptyListCountsAsNoScopes() {
            String toml = "[mcp_servers.docs]\nurl = \"https://mcp.example.com/mcp\"\nscopes = []\n";
            assertThat(build(params(null), toml, Map.of()).scopes()).isEmpty();
        }

        @Test
        void withoutEitherTheDiscoveredScopesAreUsed() {
            assertThat(build(params(null), "[mcp_servers.docs]\nurl = \"https://mcp.example.com/mcp\"\n", Map.of()).scopes())
                    .isNull();
        }
    }

    @Test
    void carriesTheCallbackSettingsHeadersResourceTimeoutAndMode() {
        String toml = "mcp_oauth_callback_port = 4321\nmcp_oauth_callback_url = \"http://127.0.0.1:4321/cb\"\n"
                + "[mcp_servers.docs]\nurl = \"https://mcp.example.com/mcp\"\noauth_resource = \"https://api.example.com\"\n"
                + "http_headers = { \"X-Team\" = \"docs\" }\nenv_http_headers = { \"X-Tenant\" = \"TENANT\", \"X-Unset\" = \"UNSET\" }\n";
        LoginRequest request = build(new McpServerOauthLoginParams("docs", null, "https://example.com/oauth", 60L,
                ClientRegistration.CIMD), toml, Map.of("TENANT", "acme"));
        assertThat(request.callbackPort()).isEqualTo(4321);
        assertThat(request.callbackUrl()).isEqualTo("http://127.0.0.1:4321/cb");
        assertThat(request.oauthResource()).isEqualTo("https://api.example.com");
        assertThat(request.httpHeaders()).isEqualTo(Map.of("X-Team", "docs", "X-Tenant", "acme"));
        assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(request.registrationMode()).isEqualTo(RegistrationMode.CIMD);
        assertThat(request.clientMetadataUrlBase()).isEqualTo("https://example.com/oauth");
        assertThat(request.preRegistered()).isNull();
    }

    @Test
    void defaultsToTheReferenceTimeoutAndAutoRegistration() {
        LoginRequest request = build(params(null), "[mcp_servers.docs]\nurl = \"https://mcp.example.com/mcp\"\n", Map.of());
        assertThat(request.timeout()).isEqualTo(LoginRequest.DEFAULT_TIMEOUT);
        assertThat(request.registrationMode()).isEqualTo(RegistrationMode.AUTO);
    }

    @Nested
    class APreRegisteredClient {
        private static final String TOML = "[mcp_servers.docs]\nurl = \"https://mcp.example.com/mcp\"\n"
                + "[mcp_servers.docs.oauth]\nclient_id = \"ide\"\nclient_secret_env = \"IDE_SECRET\"\n";

        @Test
        void takesItsSecretFromTheEnvironment() {
            LoginRequest request = build(params(null), TOML, Map.of("IDE_SECRET", "s3cret"));
            assertThat(request.preRegistered().clientId()).isEqualTo("ide");
            assertThat(request.preRegistered().clientSecret().getValue()).isEqualTo("s3cret");
        }

        @Test
        void failsClearlyWhenTheSecretVariableIsUnset() {
            assertThatThrownBy(() -> build(params(null), TOML, Map.of()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.detail()).isEqualTo("the environment variable `IDE_SECRET` named by "
                                + "`mcp_servers.docs.oauth.client_secret_env` is not set");
                    });
        }

        @Test
        void isPublicWithoutASecretVariable() {
            String toml = "[mcp_servers.docs]\nurl = \"https://mcp.example.com/mcp\"\n[mcp_servers.docs.oauth]\nclient_id = \"ide\"\n";
            assertThat(build(params(null), toml, Map.of()).preRegistered().clientSecret()).isNull();
        }
    }
}

package dev.mcpoauth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpOAuthConfigTest {
    private static final Path FILE = Path.of("/home/me/.mcp-oauth/config.toml");

    @Test
    void readsAReferenceHostConfigAsIs() {
        String toml = String.join("\n",
                "model = \"gpt-5\"",
                "approval_policy = \"on-request\"",
                "mcp_oauth_callback_port = 8765",
                "mcp_oauth_credentials_store = \"file\"",
                "",
                "[profiles.work]",
                "model = \"o3\"",
                "",
                "[mcp_servers.linear]",
                "url = \"https://mcp.linear.app/mcp\"",
                "scopes = [\"read\", \"write\"]",
                "http_headers = { \"X-Team\" = \"core\" }",
                "env_http_headers = { \"X-Api-Key\" = \"LINEAR_KEY\" }",
                "oauth_resource = \"https://mcp.linear.app/\"",
                "",
                "[mcp_servers.linear.oauth]",
                "client_id = \"pre-registered\"",
                "",
                "[mcp_servers.docs]",
                "url = \"https://docs.example.com/mcp\"",
                "bearer_token_env_var = \"DOCS_TOKEN\"",
                "scopes = []",
                "",
                "[mcp_servers.local]",
                "command = \"npx\"",
                "args = [\"-y\", \"some-mcp\"]",
                "");
        McpOAuthConfig config = McpOAuthConfig.parse(toml, FILE);
        assertThat(config.callbackPort()).isEqualTo(8765);
        assertThat(config.credentialsStore()).isEqualTo(CredentialsStoreMode.FILE);
        assertThat(config.servers().keySet()).containsExactly("linear", "docs", "local");

        ServerConfig linear = config.server("linear").orElseThrow();
        assertThat(linear.url()).isEqualTo(URI.create("https://mcp.linear.app/mcp"));
        assertThat(linear.scopes()).containsExactly("read", "write");
        assertThat(linear.httpHeaders()).containsEntry("X-Team", "core");
        assertThat(linear.oauthResource()).isEqualTo("https://mcp.linear.app/");
        assertThat(linear.clientId()).isEqualTo("pre-registered");
        assertThat(linear.resolvedHeaders(Map.of("LINEAR_KEY", "k1")))
                .containsEntry("X-Team", "core").containsEntry("X-Api-Key", "k1");
        assertThat(linear.resolvedHeaders(Map.of())).doesNotContainKey("X-Api-Key");

        ServerConfig docs = config.server("docs").orElseThrow();
        assertThat(docs.scopes()).isEmpty();
        assertThat(docs.bearerTokenEnvVar()).isEqualTo("DOCS_TOKEN");
        assertThat(config.server("local").orElseThrow().isHttp()).isFalse();
    }

    @Test
    void treatsAMissingFileAsEmpty(@TempDir Path dir) {
        McpOAuthConfig config = McpOAuthConfig.load(dir.resolve("config.toml"));
        assertThat(config.servers()).isEmpty();
        assertThat(config.credentialsStore()).isEqualTo(CredentialsStoreMode.AUTO);
    }

    @Test
    void reportsInvalidTomlWithTheFileName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.toml");
        Files.writeString(file, "[mcp_servers.x\nurl = 1");
        assertThatThrownBy(() -> McpOAuthConfig.load(file))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.detail()).startsWith("config file `" + file + "` is not valid TOML");
                });
    }

    @Test
    void namesTheKeyAtFault() {
        assertThatThrownBy(() -> McpOAuthConfig.parse("[mcp_servers.x]\nurl = 5\n", FILE))
                .hasMessageContaining("`mcp_servers.x.url` must be a string");
        assertThatThrownBy(() -> McpOAuthConfig.parse("[mcp_servers.x]\nurl = \"ftp://a/b\"\n", FILE))
                .hasMessageContaining("`mcp_servers.x.url` must be an http or https URL");
        assertThatThrownBy(() -> McpOAuthConfig.parse("[mcp_servers.x]\nscopes = \"a b\"\nurl = \"https://a/\"\n", FILE))
                .hasMessageContaining("`mcp_servers.x.scopes` must be an array of strings");
        assertThatThrownBy(() -> McpOAuthConfig.parse("[mcp_servers.x]\nenabled = true\n", FILE))
                .hasMessageContaining("`mcp_servers.x` needs a `url` (streamable HTTP) or a `command` (stdio)");
    }

    @Test
    void refusesCallbackPortZero() {
        assertThatThrownBy(() -> McpOAuthConfig.parse("mcp_oauth_callback_port = 0\n", FILE))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("`mcp_oauth_callback_port` must be between 1 and 65535");
    }

    @Test
    void refusesAnUnknownCredentialsStore() {
        assertThatThrownBy(() -> McpOAuthConfig.parse("mcp_oauth_credentials_store = \"vault\"\n", FILE))
                .hasMessageContaining("unknown credentials store `vault`; use one of file, keyring, auto");
    }

    @Test
    void usesMcpOAuthHomeWhenSet() {
        assertThat(McpOAuthConfig.defaultFile(Map.of("MCP_OAUTH_HOME", "/tmp/h"))).isEqualTo(Path.of("/tmp/h/config.toml"));
        assertThat(McpOAuthConfig.home(Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".mcp-oauth"));
        assertThat(List.of(CredentialsStoreMode.values())).extracting(CredentialsStoreMode::value)
                .containsExactly("file", "keyring", "auto");
    }
}

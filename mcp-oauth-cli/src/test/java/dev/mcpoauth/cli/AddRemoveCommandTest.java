package dev.mcpoauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mcpoauth.testkit.TestServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code mcp-oauth add} and {@code mcp-oauth remove}: config.toml edited in place, OAuth support detected. */
class AddRemoveCommandTest extends CliScenario {
    private static final String USER_CONFIG = "# my settings\nmodel = \"gpt-5\"  # keep me\nmcp_oauth_credentials_store = \"file\"\n";

    @Nested
    class Add {
        @Test
        void appendsTheServerKeepsTheRestAndDetectsOAuth() throws IOException {
            TestServers servers = servers();
            cli.config(USER_CONFIG);
            CliRunner.Result result = cli.run("add", "docs", "--url", servers.mcpUrl().toString(), "--scopes", "mcp:read");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).isEqualTo("Added MCP server 'docs' (" + servers.mcpUrl() + ") to " + cli.configFile() + ".\n"
                    + "OAuth support detected: authorization server " + servers.issuer() + ".\n"
                    + "Next: mcp-oauth login docs\n");
            assertThat(Files.readString(cli.configFile())).isEqualTo(USER_CONFIG + "\n[mcp_servers.docs]\nurl = \""
                    + servers.mcpUrl() + "\"\nscopes = [\"mcp:read\"]\n");
        }

        @Test
        void writesHeadersAndThePreRegisteredClient() throws IOException {
            cli.config(USER_CONFIG);
            CliRunner.Result result = cli.run("add", "docs", "--url", "http://127.0.0.1:" + closedPort() + "/mcp",
                    "--header", "X-Tenant=acme", "--env-header", "X-Key=DOCS_KEY", "--oauth-resource", "https://docs.example",
                    "--client-id", "cid", "--client-secret-env", "DOCS_SECRET");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(Files.readString(cli.configFile())).endsWith("oauth_resource = \"https://docs.example\"\n"
                    + "http_headers = { \"X-Tenant\" = \"acme\" }\n"
                    + "env_http_headers = { \"X-Key\" = \"DOCS_KEY\" }\n\n"
                    + "[mcp_servers.docs.oauth]\nclient_id = \"cid\"\nclient_secret_env = \"DOCS_SECRET\"\n");
            assertThat(result.stdout()).contains("\nCould not check for OAuth support: cannot connect to ")
                    .endsWith("Details: mcp-oauth doctor docs\n");
        }

        @Test
        void saysWhenTheServerDoesNotAskForOAuth() throws IOException {
            HttpServer open = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            open.createContext("/", exchange -> {
                if (!exchange.getRequestMethod().equals("POST")) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}".getBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            open.start();
            try {
                cli.config(USER_CONFIG);
                CliRunner.Result result = cli.run("add", "open", "--url", "http://127.0.0.1:" + open.getAddress().getPort() + "/mcp");
                assertThat(result.exitCode()).isZero();
                assertThat(result.stdout()).contains("\nOAuth support not detected: ");
            } finally {
                open.stop(0);
            }
        }

        @Test
        void refusesANameThatIsTaken() throws IOException {
            cli.config(USER_CONFIG + "\n[mcp_servers.docs]\nurl = \"https://d.example/mcp\"\n");
            CliRunner.Result result = cli.run("add", "docs", "--url", "https://x.example/mcp");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.stderr()).isEqualTo("error: server_exists: a server named 'docs' is already in " + cli.configFile() + "\n"
                    + "hint: Run `mcp-oauth remove docs` first, or choose another name.\n");
        }

        @Test
        void refusesAnInvalidNameOrUrlBeforeTouchingTheFile() throws IOException {
            cli.config(USER_CONFIG);
            CliRunner.Result badName = cli.run("add", "my docs", "--url", "https://x.example/mcp");
            assertThat(badName.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(badName.stderr()).startsWith("error: usage: invalid server name `my docs`\n");
            CliRunner.Result badUrl = cli.run("add", "docs", "--url", "ftp://x.example/mcp");
            assertThat(badUrl.stderr()).startsWith("error: usage: invalid --url `ftp://x.example/mcp`: only http and https");
            assertThat(Files.readString(cli.configFile())).isEqualTo(USER_CONFIG);
        }

        @Test
        void editsTheFileGivenWithConfig() throws IOException {
            Path other = home.resolve("elsewhere/config.toml");
            Files.createDirectories(other.getParent());
            Files.writeString(other, USER_CONFIG);
            CliRunner.Result result = cli.run("--config", other.toString(), "add", "docs", "--url", "http://127.0.0.1:"
                    + closedPort() + "/mcp", "--bearer-token-env-var", "DOCS_TOKEN");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).endsWith("It authenticates with the bearer token in $DOCS_TOKEN; no login needed.\n");
            assertThat(Files.readString(other)).contains("[mcp_servers.docs]\n").contains("bearer_token_env_var = \"DOCS_TOKEN\"\n");
            assertThat(cli.configFile()).doesNotExist();
        }
    }

    @Nested
    class Remove {
        @Test
        void removesTheTablesAndTheCredentials() throws IOException {
            TestServers servers = servers();
            cli.config(USER_CONFIG + "\n[mcp_servers.docs]\nurl = \"" + servers.mcpUrl() + "\"\n"
                    + "\n# other server\n[mcp_servers.other]\nurl = \"https://o.example/mcp\"\n");
            login("docs");
            CliRunner.Result result = cli.run("remove", "docs");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).isEqualTo("Removed MCP server 'docs' from " + cli.configFile() + ".\n"
                    + "Removed OAuth credentials for 'docs'.\n");
            assertThat(Files.readString(cli.configFile())).isEqualTo(USER_CONFIG
                    + "\n# other server\n[mcp_servers.other]\nurl = \"https://o.example/mcp\"\n");
            assertThat(Files.readString(home.resolve("credentials.json"))).doesNotContain("\"docs|");
        }

        @Test
        void reportsAnUnknownServer() {
            cli.config(USER_CONFIG);
            CliRunner.Result result = cli.run("remove", "docs");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.stderr()).startsWith("error: unknown_server: No MCP server named 'docs' found.\n");
        }
    }
}

package dev.mcpoauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.testkit.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code mcp-oauth token NAME} and {@code mcp-oauth logout NAME}. */
class TokenAndLogoutCommandTest extends CliScenario {

    @Nested
    class Token {
        @Test
        void printsOnlyTheAccessTokenOnStdout() {
            TestServers servers = servers();
            configDocs(servers, "");
            login("docs");
            CliRunner.Result result = cli.run("token", "docs");
            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).isEqualTo(servers.issuedTokens().get(0).accessToken() + "\n");
            assertThat(result.stderr()).isEmpty();
        }

        @Test
        void refreshesATokenAboutToExpireFirst() {
            TestServers servers = servers(b -> b.accessTokenLifetime(Duration.ofSeconds(20)));
            configDocs(servers, "");
            login("docs");
            CliRunner.Result result = cli.run("token", "docs");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(servers.issuedTokens()).hasSize(2);
            assertThat(result.stdout()).isEqualTo(servers.issuedTokens().get(1).accessToken() + "\n");
        }

        @Test
        void printsTheTokenExpiryAndScopesAsJson() throws Exception {
            TestServers servers = servers();
            configDocs(servers, "");
            login("docs");
            CliRunner.Result result = cli.run("token", "docs", "--json");
            JsonNode json = Json.MAPPER.readTree(result.stdout());
            assertThat(json.path("accessToken").asText()).isEqualTo(servers.issuedTokens().get(0).accessToken());
            assertThat(json.path("tokenType").asText()).isEqualToIgnoringCase("Bearer");
            assertThat(json.path("expiresAt").asText()).isNotEmpty();
            assertThat(json.path("scopes")).extracting(JsonNode::asText).containsExactly("mcp:read", "mcp:write");
            assertThat(json.path("issuer").asText()).isEqualTo(servers.issuer());
        }

        @Test
        void exitsWith3WhenNotLoggedIn() {
            configDocs(servers(), "");
            CliRunner.Result result = cli.run("token", "docs");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.LOGIN_REQUIRED);
            assertThat(result.stdout()).isEmpty();
            assertThat(result.stderr()).isEqualTo("error: login_required: 'docs' needs a new login: no credentials are stored\n"
                    + "hint: Run `mcp-oauth login docs`.\n");
        }

        @Test
        void showsTheStackTraceOnlyWithVerbose() {
            configDocs(servers(), "");
            assertThat(cli.run("token", "docs").stderr()).doesNotContain("\tat ");
            CliRunner.Result verbose = cli.run("--verbose", "token", "docs");
            assertThat(verbose.stderr()).startsWith("error: login_required: ").contains("\ndetail:\n").contains("\tat dev.mcpoauth.");
        }
    }

    @Nested
    class Logout {
        @Test
        void removesTheCredentialsWithTheReferenceMessages() {
            TestServers servers = servers();
            configDocs(servers, "");
            login("docs");
            CliRunner.Result first = cli.run("logout", "docs");
            assertThat(first.exitCode()).isZero();
            assertThat(first.stdout()).isEqualTo("Removed OAuth credentials for 'docs'.\n");
            CliRunner.Result second = cli.run("logout", "docs");
            assertThat(second.exitCode()).isZero();
            assertThat(second.stdout()).isEqualTo("No OAuth credentials stored for 'docs'.\n");
            assertThat(cli.run("token", "docs").exitCode()).isEqualTo(ExitCodes.LOGIN_REQUIRED);
        }

        @Test
        void reportsAnUnknownServerWithTheReferenceMessage() {
            configDocs(servers(), "");
            CliRunner.Result result = cli.run("logout", "nope");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.stderr()).isEqualTo("error: unknown_server: No MCP server named 'nope' found.\n"
                    + "hint: Run `mcp-oauth list` to see the configured servers, or `mcp-oauth add nope --url URL` to add it.\n");
        }
    }
}

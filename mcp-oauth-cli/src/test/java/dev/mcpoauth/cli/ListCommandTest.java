package dev.mcpoauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.testkit.TestServers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code mcp-oauth list [--json]}: every server with its URL, auth status in the reference's order, and expiry. */
class ListCommandTest extends CliScenario {

    /** docs: logged in; fresh: advertises OAuth; bearer and header: static tokens; dead: no server; files: stdio. */
    private TestServers[] configureEveryKind() {
        TestServers docs = servers();
        TestServers fresh = servers();
        int dead = closedPort();
        cli.config("mcp_oauth_credentials_store = \"file\"\n"
                + "[mcp_servers.docs]\nurl = \"" + docs.mcpUrl() + "\"\n"
                + "[mcp_servers.fresh]\nurl = \"" + fresh.mcpUrl() + "\"\n"
                + "[mcp_servers.bearer]\nurl = \"" + fresh.mcpUrl() + "\"\nbearer_token_env_var = \"FRESH_TOKEN\"\n"
                + "[mcp_servers.header]\nurl = \"" + fresh.mcpUrl() + "\"\nenv_http_headers = { Authorization = \"FRESH_AUTH\" }\n"
                + "[mcp_servers.dead]\nurl = \"http://127.0.0.1:" + dead + "/mcp\"\n"
                + "[mcp_servers.files]\ncommand = \"npx\"\n");
        cli.env("FRESH_AUTH", "Bearer abc");
        login("docs");
        return new TestServers[] {docs, fresh};
    }

    @Test
    void showsNameUrlStatusAndExpiryOfEveryServer() {
        TestServers[] servers = configureEveryKind();
        CliRunner.Result result = cli.run("list");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines.get(0)).matches("NAME +URL +AUTH +EXPIRES");
        assertThat(lines.get(1)).matches("docs +" + servers[0].mcpUrl() + " +OAuth +in (59|60) min");
        assertThat(lines.get(2)).matches("fresh +" + servers[1].mcpUrl() + " +Not logged in +-");
        assertThat(lines.get(3)).matches("bearer +" + servers[1].mcpUrl() + " +Bearer token +-");
        assertThat(lines.get(4)).matches("header +" + servers[1].mcpUrl() + " +Bearer token +-");
        assertThat(lines.get(5)).matches("dead +http://127.0.0.1:\\d+/mcp +Unsupported +-");
        assertThat(lines.get(6)).matches("files +\\(stdio\\) npx +Unsupported +-");
        assertThat(lines).hasSize(7);
    }

    @Test
    void printsTheReferenceAuthStatusNamesAsJson() throws Exception {
        configureEveryKind();
        CliRunner.Result result = cli.run("list", "--json");
        JsonNode json = Json.MAPPER.readTree(result.stdout());
        assertThat(json.path("configFile").asText()).isEqualTo(cli.configFile().toString());
        List<String> statuses = new ArrayList<>();
        json.path("servers").forEach(server -> statuses.add(server.path("name").asText() + "=" + server.path("authStatus").asText()));
        assertThat(statuses).containsExactly("docs=oAuth", "fresh=notLoggedIn", "bearer=bearerToken", "header=bearerToken",
                "dead=unsupported", "files=unsupported");
        JsonNode docs = json.path("servers").path(0);
        assertThat(docs.path("expiresAt").asText()).isNotEmpty();
        assertThat(docs.path("refreshable").asBoolean()).isTrue();
        assertThat(json.path("servers").path(4).path("detail").asText()).startsWith("unreachable: ");
    }

    @Test
    void ranksABearerTokenAboveStoredTokensAsTheReferenceDoes() {
        TestServers servers = servers();
        configDocs(servers, "");
        login("docs");
        configDocs(servers, "bearer_token_env_var = \"DOCS_TOKEN\"\n");
        assertThat(cli.run("list").stdout()).containsPattern("docs +\\S+ +Bearer token +-");
    }

    @Test
    void saysHowToAddAServerWhenNoneIsConfigured() {
        CliRunner.Result result = cli.run("list");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("No MCP servers configured in " + cli.configFile() + ".\n"
                + "Add one with: mcp-oauth add NAME --url URL\n");
    }
}

package dev.mcpoauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.testkit.TestServers;
import org.junit.jupiter.api.Test;

/** {@code mcp-oauth doctor NAME}: every discovery step, the checks, a verdict and the fix. */
class DoctorCommandTest extends CliScenario {

    @Test
    void walksEveryStepAndFindsTheServerReady() {
        TestServers servers = servers();
        configDocs(servers, "");
        CliRunner.Result result = cli.run("doctor", "docs");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        String out = result.stdout();
        assertThat(out).startsWith("Diagnosing 'docs' at " + servers.mcpUrl() + "\n\nDiscovery:\n"
                + "   1. unauthenticated MCP initialize\n      " + servers.mcpUrl() + " -> HTTP 401\n");
        assertThat(out).contains(servers.issuer() + "/.well-known/oauth-authorization-server -> HTTP 200\n");
        assertThat(out).contains("\nChecks:\n  ok    authorization server: " + servers.issuer());
        assertThat(out).contains("\n  ok    PKCE: the authorization server advertises S256\n");
        assertThat(out).contains("\n  ok    scopes: discovered: mcp:read mcp:write (scopes_supported)\n");
        assertThat(out).contains("\n  ok    credentials: not logged in yet\n");
        assertThat(out).endsWith("\nVerdict: OK: OAuth is set up; 'docs' is ready for a login.\nNext: Run `mcp-oauth login docs`.\n");
    }

    @Test
    void showsWhatWasTriedWhenTheMetadataIsInconsistent() {
        TestServers servers = servers(b -> b.metadataIssuerOverride("https://evil.example"));
        configDocs(servers, "");
        CliRunner.Result result = cli.run("doctor", "docs");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_SETUP);
        assertThat(result.stdout()).contains(servers.issuer() + "/.well-known/oauth-authorization-server -> HTTP 200\n");
        assertThat(result.stdout()).contains("https://evil.example");
        assertThat(result.stdout()).doesNotContain("Checks:");
        assertThat(result.stdout()).containsPattern("\nVerdict: cannot log in: .+ \\(issuer_mismatch\\)\\.\nFix: .+\n$");
    }

    @Test
    void findsThatNoClientIdentityIsPossible() {
        TestServers servers = servers(b -> b.dcr(false).cimd(false));
        configDocs(servers, "");
        CliRunner.Result result = cli.run("doctor", "docs");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_SETUP);
        assertThat(result.stdout()).contains("\n  fail  client identity: no client_id is configured, and the server supports"
                + " neither Client ID Metadata Documents nor dynamic client registration\n"
                + "        fix: Register a client with the provider, then set `client_id` under [mcp_servers.docs.oauth]");
        assertThat(result.stdout()).contains("(no_client_identity).\nFix: Register a client");
    }

    @Test
    void reportsAnUnreachableServerWithExitCode4() {
        cli.config("[mcp_servers.dead]\nurl = \"http://127.0.0.1:" + closedPort() + "/mcp\"\n");
        CliRunner.Result result = cli.run("doctor", "dead");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.NETWORK);
        assertThat(result.stdout()).contains("   1. unauthenticated MCP initialize\n").contains("(unreachable).\nFix: Check the URL");
    }

    @Test
    void seesTheStoredLoginAndPrintsJson() throws Exception {
        TestServers servers = servers();
        configDocs(servers, "");
        login("docs");
        CliRunner.Result result = cli.run("doctor", "docs", "--json");
        assertThat(result.exitCode()).isZero();
        JsonNode json = Json.MAPPER.readTree(result.stdout());
        assertThat(json.path("steps").path(0).path("status").asInt()).isEqualTo(401);
        assertThat(json.path("steps").path(0).path("url").asText()).isEqualTo(servers.mcpUrl().toString());
        assertThat(json.path("checks").findValuesAsText("level")).containsOnly("ok");
        assertThat(json.path("verdict").path("ok").asBoolean()).isTrue();
        assertThat(json.path("verdict").path("message").asText()).isEqualTo("OAuth is set up and you are logged in to 'docs'");
    }
}

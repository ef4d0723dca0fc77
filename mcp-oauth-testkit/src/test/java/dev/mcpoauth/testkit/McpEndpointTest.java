package dev.mcpoauth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class McpEndpointTest {

    private TestServers servers;
    private Flow flow;
    private String readToken;

    @BeforeEach
    void start() {
        servers = TestServers.start();
        flow = new Flow(servers).register("none");
        readToken = flow.tokens().get("access_token").asText();
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    @Nested
    class Bearer_authentication {

        @Test
        void an_unknown_token_is_invalid_token() {
            HttpResponse<String> response = flow.mcp("not-a-token", "tools/list", null);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(Http.header(response, "WWW-Authenticate"))
                    .startsWith("Bearer resource_metadata=\"")
                    .contains(", error=\"invalid_token\"");
            assertThat(Http.json(response).get("error").asText()).isEqualTo("invalid_token");
        }

        @Test
        void a_token_in_the_query_string_is_never_accepted() {
            HttpResponse<String> queryOnly = Http.postJson(servers.mcpUrl() + "?access_token=" + readToken,
                    Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list"));
            HttpResponse<String> both = Http.postJson(servers.mcpUrl() + "?access_token=" + readToken,
                    Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list"), "Authorization", "Bearer " + readToken);

            assertThat(queryOnly.statusCode()).isEqualTo(401);
            assertThat(both.statusCode()).isEqualTo(400);
        }

        @Test
        void a_missing_scope_is_403_insufficient_scope_naming_the_needed_scope() {
            HttpResponse<String> response = flow.callTool(readToken, "admin_echo", "x");

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(Http.header(response, "WWW-Authenticate"))
                    .startsWith("Bearer error=\"insufficient_scope\", scope=\"mcp:write\", resource_metadata=\"http://");
        }
    }

    @Nested
    class Json_rpc {

        @Test
        void initialize_defaults_the_protocol_version_and_declares_tools() {
            JsonNode result = Http.json(flow.mcp(readToken, "initialize", Map.of())).get("result");

            assertThat(result.get("protocolVersion").asText()).isEqualTo("2025-11-25");
            assertThat(result.get("capabilities").toString()).isEqualTo("{\"tools\":{}}");
        }

        @Test
        void tools_list_names_both_tools_with_a_text_schema() {
            JsonNode tools = Http.json(flow.mcp(readToken, "tools/list", null)).at("/result/tools");

            assertThat(tools).extracting(t -> t.get("name").asText()).containsExactly("echo", "admin_echo");
            assertThat(tools.get(0).at("/inputSchema/properties/text/type").asText()).isEqualTo("string");
        }

        @Test
        void notifications_are_accepted_without_a_body() {
            HttpResponse<String> response = Http.postJson(servers.mcpUrl().toString(),
                    Map.of("jsonrpc", "2.0", "method", "notifications/initialized"),
                    "Authorization", "Bearer " + readToken);

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.body()).isEmpty();
        }

        @Test
        void an_unknown_method_is_a_json_rpc_error() {
            JsonNode response = Http.json(flow.mcp(readToken, "resources/list", null));

            assertThat(response.at("/error/code").asInt()).isEqualTo(-32601);
            assertThat(response.get("id").asInt()).isEqualTo(1);
        }

        @Test
        void get_on_the_endpoint_is_405() {
            HttpResponse<String> response = Http.get(servers.mcpUrl().toString(), "Accept", "text/event-stream");

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(Http.header(response, "Allow")).isEqualTo("POST");
        }
    }
}

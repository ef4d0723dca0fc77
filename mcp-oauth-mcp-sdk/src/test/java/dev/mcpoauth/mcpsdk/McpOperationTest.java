package dev.mcpoauth.mcpsdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class McpOperationTest {
    @Nested
    class FromTheBody {
        @Test
        void aToolCallIsItsMethodAndToolName() {
            assertThat(McpOperation.of("POST",
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy\"}}"))
                    .contains(new McpOperation("tools/call", "deploy", "3"));
        }

        @Test
        void aResourceReadIsNamedByItsUri() {
            assertThat(McpOperation.of("POST",
                    "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///x\"}}"))
                    .contains(new McpOperation("resources/read", "file:///x", "\"a\""));
        }

        @Test
        void aResponseToTheServerIsNoOperation() {
            assertThat(McpOperation.of("POST", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")).isEmpty();
        }

        @Test
        void aBodylessRequestIsItsHttpMethod() {
            assertThat(McpOperation.of("GET", null)).contains(new McpOperation("GET", null, null));
        }
    }

    @Test
    void isReadBackFromTheStandardHeaders() {
        HttpHeaders headers = HttpHeaders.of(Map.of("Mcp-Method", List.of("tools/call"), "Mcp-Name", List.of("deploy")),
                (name, value) -> true);

        assertThat(McpOperation.fromHeaders("POST", headers).key()).isEqualTo("tools/call deploy");
    }

    @Test
    void aValueThatIsNotPlainAsciiIsBase64Encoded() {
        assertThat(McpOperation.encodeHeaderValue("déploy")).isEqualTo("=?base64?ZMOpcGxveQ==?=");
        assertThat(McpOperation.encodeHeaderValue(" padded")).isEqualTo("=?base64?IHBhZGRlZA==?=");
        assertThat(McpOperation.encodeHeaderValue("deploy")).isEqualTo("deploy");
    }
}

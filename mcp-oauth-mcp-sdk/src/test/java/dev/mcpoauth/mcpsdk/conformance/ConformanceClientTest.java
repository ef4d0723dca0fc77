package dev.mcpoauth.mcpsdk.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conformance client's command line: bad input gets one line, never a stack trace. */
class ConformanceClientTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return ConformanceClient.run(args, env, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutAServerUrlItPrintsItsUsage() {
        assertThat(run(Map.of())).isEqualTo(2);
        assertThat(errors()).isEqualTo("usage: conformance-client <mcp-server-url>  (with MCP_CONFORMANCE_SCENARIO set)\n");
    }

    @Test
    void anUnknownScenarioIsOneErrorLine() {
        assertThat(run(Map.of("MCP_CONFORMANCE_SCENARIO", "tools/list"), "http://127.0.0.1:9/mcp")).isEqualTo(1);
        assertThat(errors()).isEqualTo("conformance-client: tools/list: invalid_input: unknown scenario `tools/list`."
                + " Set MCP_CONFORMANCE_SCENARIO to one of the suite's auth/* client scenarios.\n");
    }

    @Test
    void aScenarioMissingItsContextSaysWhichMember() {
        assertThat(run(Map.of("MCP_CONFORMANCE_SCENARIO", "auth/client-credentials-basic",
                "MCP_CONFORMANCE_CONTEXT", "{\"name\":\"auth/client-credentials-basic\"}"), "http://127.0.0.1:9/mcp"))
                .isEqualTo(1);
        assertThat(errors()).isEqualTo("conformance-client: auth/client-credentials-basic: invalid_input:"
                + " MCP_CONFORMANCE_CONTEXT has no `client_id`, which this scenario needs. Check the value and try again.\n");
    }

    @Test
    void aContextThatIsNotJsonIsOneErrorLine() {
        assertThat(run(Map.of("MCP_CONFORMANCE_SCENARIO", "auth/pre-registration", "MCP_CONFORMANCE_CONTEXT", "{"),
                "http://127.0.0.1:9/mcp")).isEqualTo(1);
        assertThat(errors()).isEqualTo("conformance-client: auth/pre-registration: invalid_input:"
                + " MCP_CONFORMANCE_CONTEXT is not valid JSON. Check the value and try again.\n");
    }

    @Test
    void anUnreachableServerIsOneErrorLine() {
        assertThat(run(Map.of("MCP_CONFORMANCE_SCENARIO", "auth/metadata-default"), "http://127.0.0.1:9/mcp"))
                .isEqualTo(1);
        assertThat(errors()).startsWith("conformance-client: auth/metadata-default: ").doesNotContain("\tat ");
        assertThat(errors().lines()).hasSize(1);
    }
}

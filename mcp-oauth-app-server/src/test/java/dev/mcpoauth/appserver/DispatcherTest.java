package dev.mcpoauth.appserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The JSON-RPC envelope rules, without a network or a subprocess. */
class DispatcherTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Dispatcher dispatcher = new Dispatcher(new MessageWriter(new PrintStream(out, true, StandardCharsets.UTF_8)),
            new ServerLog(new PrintStream(PrintStream.nullOutputStream())),
            Map.of("echo", (params, reply) -> reply.result(params == null ? Map.of() : params),
                    "strict", (params, reply) -> ParamsReader.of(params, true).requiredString("name")));

    private String answer(String line) {
        out.reset();
        dispatcher.dispatch(line);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void answersWithJsonRpc20WhetherOrNotTheRequestSaidSo() {
        assertThat(answer("{\"id\":7,\"method\":\"echo\",\"params\":{\"x\":1}}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"x\":1}}\n");
        assertThat(answer("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"echo\"}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{}}\n");
    }

    @Nested
    class InvalidRequests {
        @Test
        void aBatchArrayIsAnInvalidRequestWithANullId() {
            assertThat(answer("[{\"id\":1,\"method\":\"echo\"}]")).isEqualTo(
                    "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid Request: expected a JSON object\"}}\n");
        }

        @Test
        void anotherJsonRpcVersionIsRefused() {
            assertThat(answer("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"echo\"}")).isEqualTo(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32600,\"message\":\"Invalid Request: `jsonrpc` must be \\\"2.0\\\"\"}}\n");
        }

        @Test
        void anObjectIdIsRefused() {
            assertThat(answer("{\"id\":{},\"method\":\"echo\"}")).contains("\"id\":null").contains("-32600");
        }

        @Test
        void trailingGarbageIsAParseError() {
            assertThat(answer("{\"id\":1,\"method\":\"echo\"} x")).startsWith(
                    "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error: ");
        }
    }

    @Test
    void paramsThatAreNotAnObjectAreInvalidParams() {
        assertThat(answer("{\"id\":1,\"method\":\"strict\",\"params\":[\"docs\"]}")).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"error\":{\"code\":-32602,\"message\":\"Invalid params: `params` must be an object\",\"data\":{\"field\":\"params\"}}}\n");
    }

    @Test
    void notificationsAndResponsesFromTheClientGetNoAnswer() {
        assertThat(answer("{\"method\":\"initialized\"}")).isEmpty();
        assertThat(answer("{\"method\":\"no/such/method\"}")).isEmpty();
        assertThat(answer("{\"id\":3,\"result\":{}}")).isEmpty();
    }
}

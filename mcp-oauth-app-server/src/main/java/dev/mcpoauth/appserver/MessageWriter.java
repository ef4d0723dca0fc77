package dev.mcpoauth.appserver;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes JSON-RPC messages to stdout, one per line. Every write happens under one lock, so messages
 * from the reader thread, login workers and callback threads never interleave.
 */
final class MessageWriter {
    /** Jackson for the wire: omits absent optional fields, as the reference does. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private static final String JSONRPC = "2.0";

    private final PrintStream out;
    private final Object lock = new Object();

    MessageWriter(PrintStream out) {
        this.out = out;
    }

    void result(JsonNode id, Object result) {
        ObjectNode message = envelope();
        message.set("id", id);
        message.set("result", MAPPER.valueToTree(result));
        write(message);
    }

    void error(JsonNode id, RpcError error) {
        ObjectNode message = envelope();
        message.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        ObjectNode body = message.putObject("error");
        body.put("code", error.code());
        body.put("message", error.getMessage());
        if (error.data() != null) {
            body.set("data", MAPPER.valueToTree(error.data()));
        }
        write(message);
    }

    void notification(String method, Object params) {
        ObjectNode message = envelope();
        message.put("method", method);
        message.set("params", MAPPER.valueToTree(params));
        write(message);
    }

    private static ObjectNode envelope() {
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("jsonrpc", JSONRPC);
        return message;
    }

    private void write(ObjectNode message) {
        byte[] line;
        try {
            line = (MAPPER.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a protocol message", e);
        }
        synchronized (lock) {
            out.write(line, 0, line.length);
            out.flush();
        }
    }
}

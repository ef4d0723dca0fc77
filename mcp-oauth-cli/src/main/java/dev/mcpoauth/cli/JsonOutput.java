package dev.mcpoauth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.http.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Collection;

/** {@code --json} output: one pretty-printed JSON document on stdout, camelCase members. */
final class JsonOutput {
    private JsonOutput() {
    }

    static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }

    static void print(PrintStream out, JsonNode node) {
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON output", e);
        }
    }

    /** Puts an ISO-8601 instant, or JSON null. */
    static void putInstant(ObjectNode node, String field, Instant instant) {
        if (instant == null) {
            node.putNull(field);
        } else {
            node.put(field, instant.toString());
        }
    }

    static void putStrings(ObjectNode node, String field, Collection<String> values) {
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }
}

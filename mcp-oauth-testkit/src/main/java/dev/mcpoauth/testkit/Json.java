package dev.mcpoauth.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON reading and writing for the test servers. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /**
     * Builds an insertion-ordered JSON object from alternating keys and values; {@code null} values are left out.
     */
    static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                result.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return result;
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON text; throws {@link JsonProcessingException} if it is not well-formed. */
    static JsonNode parse(String text) throws JsonProcessingException {
        JsonNode node = MAPPER.readTree(text);
        if (node == null || node.isMissingNode()) {
            throw new JsonProcessingException("empty document") {
            };
        }
        return node;
    }

    /** Converts a JSON object node into an unmodifiable, insertion-ordered map of plain Java values. */
    static Map<String, Object> toMap(JsonNode node) {
        Map<String, Object> map = MAPPER.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() {
        });
        return Collections.unmodifiableMap(map);
    }
}

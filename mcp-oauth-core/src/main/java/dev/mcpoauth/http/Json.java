package dev.mcpoauth.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Strict JSON reading for documents received over HTTP, and the shared {@link ObjectMapper}. */
public final class Json {
    /** Deepest nesting accepted: OAuth documents are two or three levels deep. */
    public static final int MAX_NESTING_DEPTH = 64;

    /** The project's mapper: rejects trailing tokens and over-deep nesting. */
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /**
     * Reads a JSON object from a response, requiring a JSON content type and valid UTF-8.
     *
     * @param what a short description for error messages, e.g. "protected resource metadata"
     * @throws McpOAuthException {@link ErrorCode#MALFORMED_RESPONSE} when any of that is not so
     */
    public static ObjectNode readObject(HttpResult result, String what) {
        if (!result.isJson()) {
            String type = result.header("content-type").orElse("none");
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                    what + " from `" + result.uri() + "` has content type `" + type + "`, expected application/json");
        }
        return parseObject(result.body(), what + " from `" + result.uri() + "`");
    }

    /** Parses bytes as one JSON object. {@code where} names the source in error messages. */
    public static ObjectNode parseObject(byte[] bytes, String where) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, where + " is not valid UTF-8", e);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                    where + " is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, where + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    /** A string member, absent when missing or {@code null}; an error when present with another type. */
    public static Optional<String> optString(ObjectNode object, String name, String where) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, where + ": `" + name + "` must be a string");
        }
        return Optional.of(node.textValue());
    }

    /** A boolean member, {@code false} when missing; an error when present with another type. */
    public static boolean optBoolean(ObjectNode object, String name, String where) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, where + ": `" + name + "` must be a boolean");
        }
        return node.booleanValue();
    }

    /** An array-of-strings member, empty when missing; an error when present with another type. */
    public static List<String> optStringList(ObjectNode object, String name, String where) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, where + ": `" + name + "` must be an array of strings");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                        where + ": `" + name + "` must contain only strings");
            }
            values.add(element.textValue());
        }
        return List.copyOf(values);
    }
}

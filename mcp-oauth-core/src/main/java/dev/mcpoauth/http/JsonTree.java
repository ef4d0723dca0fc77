package dev.mcpoauth.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * Reads JSON (or any Jackson format's parser, such as TOML's) into a {@link JsonNode} tree without
 * an {@code ObjectMapper}: the trees are the ones {@code ObjectMapper.readTree} builds, but a
 * command that only reads its config and credentials does not pay for the mapper's start-up
 * (tens of milliseconds in a fresh JVM, most of it date-format and locale set-up).
 *
 * <pre>{@code
 * ObjectNode doc = JsonTree.parseObject(bytes, "credentials file `" + file + "`");
 * }</pre>
 */
public final class JsonTree {
    /** The same limits as {@link Json#MAPPER}: over-deep nesting is refused by the parser. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Json.MAX_NESTING_DEPTH).build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {
    }

    /**
     * Parses bytes as one JSON object: valid UTF-8, no more than {@link Json#MAX_NESTING_DEPTH}
     * levels, nothing after the object. {@code where} names the source in error messages.
     *
     * @throws McpOAuthException {@link ErrorCode#MALFORMED_RESPONSE} when any of that is not so
     */
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
        try (JsonParser parser = FACTORY.createParser(text)) {
            node = read(parser);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, where + " is not valid JSON (trailing token "
                        + trailing + " after the value)");
            }
        } catch (JacksonException e) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                    where + " is not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, where + " is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, where + " is not a JSON object");
        }
        return (ObjectNode) node;
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

    /**
     * Reads the parser's next value as a tree, as {@code ObjectMapper.readTree} does with default
     * settings (ints as int, long or big-integer nodes, floats as double nodes unless the format
     * says big-decimal, a repeated key keeps its last value); {@code null} at the end of the input.
     * Iterative, so the depth is bounded only by the parser's own limit.
     */
    public static JsonNode read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken() != null ? parser.currentToken() : parser.nextToken();
        if (token == null) {
            return null;
        }
        Deque<ContainerNode<?>> open = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        String name = null;
        while (true) {
            JsonNode value;
            switch (token) {
                case START_OBJECT:
                case START_ARRAY:
                    open.push(token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode());
                    names.push(name == null ? "" : name);
                    name = null;
                    token = parser.nextToken();
                    continue;
                case FIELD_NAME:
                    name = parser.currentName();
                    token = parser.nextToken();
                    continue;
                case END_OBJECT:
                case END_ARRAY:
                    value = open.pop();
                    name = names.pop();
                    break;
                default:
                    value = scalar(parser, token);
                    break;
            }
            if (open.isEmpty()) {
                return value;
            }
            ContainerNode<?> parent = open.peek();
            if (parent instanceof ObjectNode object) {
                object.set(name, value);
            } else {
                ((ArrayNode) parent).add(value);
            }
            name = null;
            token = parser.nextToken();
            if (token == null) {
                throw new IOException("unexpected end of input");
            }
        }
    }

    /**
     * Compact JSON text of a tree, as {@code node.toString()} gives it, without the mapper
     * {@code toString()} builds on first use. For trees of JSON values (no POJO nodes).
     */
    public static String write(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(node, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonNode node, JsonGenerator generator) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT:
                generator.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    generator.writeFieldName(field.getKey());
                    write(field.getValue(), generator);
                }
                generator.writeEndObject();
                break;
            case ARRAY:
                generator.writeStartArray();
                for (JsonNode element : node) {
                    write(element, generator);
                }
                generator.writeEndArray();
                break;
            case STRING:
                generator.writeString(node.textValue());
                break;
            case NUMBER:
                if (node.isInt()) {
                    generator.writeNumber(node.intValue());
                } else if (node.isLong()) {
                    generator.writeNumber(node.longValue());
                } else if (node.isBigInteger()) {
                    generator.writeNumber(node.bigIntegerValue());
                } else if (node.isBigDecimal()) {
                    generator.writeNumber(node.decimalValue());
                } else if (node.isFloat()) {
                    generator.writeNumber(node.floatValue());
                } else {
                    generator.writeNumber(node.doubleValue());
                }
                break;
            case BOOLEAN:
                generator.writeBoolean(node.booleanValue());
                break;
            case NULL:
                generator.writeNull();
                break;
            default:
                throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return NODES.numberNode(parser.getIntValue());
                    case LONG:
                        return NODES.numberNode(parser.getLongValue());
                    default:
                        return NODES.numberNode(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                switch (parser.getNumberType()) {
                    case BIG_DECIMAL:
                        return NODES.numberNode(parser.getDecimalValue());
                    case FLOAT:
                        return NODES.numberNode(parser.getFloatValue());
                    default:
                        return NODES.numberNode(parser.getDoubleValue());
                }
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT:
                Object embedded = parser.getEmbeddedObject();
                if (embedded == null) {
                    return NODES.nullNode();
                }
                if (embedded instanceof byte[] bytes) {
                    return NODES.binaryNode(bytes);
                }
                if (embedded instanceof JsonNode node) {
                    return node;
                }
                return NODES.pojoNode(embedded);
            default:
                throw new IOException("unexpected token " + token);
        }
    }
}

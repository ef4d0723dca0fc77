package dev.mcpoauth.http;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The shared {@link ObjectMapper}, and strict JSON reading for documents received over HTTP. The
 * reading methods are {@link JsonTree}'s, which needs no mapper: code on a command's start-up path
 * (reading the config and the credentials file) calls {@link JsonTree} directly, so a command that
 * writes nothing never builds {@link #MAPPER} (tens of milliseconds in a fresh JVM).
 */
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

    /** {@link JsonTree#readObject}. */
    public static ObjectNode readObject(HttpResult result, String what) {
        return JsonTree.readObject(result, what);
    }

    /** {@link JsonTree#parseObject}. */
    public static ObjectNode parseObject(byte[] bytes, String where) {
        return JsonTree.parseObject(bytes, where);
    }

    /** {@link JsonTree#optString}. */
    public static Optional<String> optString(ObjectNode object, String name, String where) {
        return JsonTree.optString(object, name, where);
    }

    /** {@link JsonTree#optBoolean}. */
    public static boolean optBoolean(ObjectNode object, String name, String where) {
        return JsonTree.optBoolean(object, name, where);
    }

    /** {@link JsonTree#optStringList}. */
    public static List<String> optStringList(ObjectNode object, String name, String where) {
        return JsonTree.optStringList(object, name, where);
    }
}

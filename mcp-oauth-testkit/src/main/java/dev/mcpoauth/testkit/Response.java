package dev.mcpoauth.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response to send: status, headers and an optional body.
 *
 * @param status  HTTP status
 * @param headers response headers in order
 * @param body    body bytes, or {@code null} for no body
 */
record Response(int status, Map<String, String> headers, byte[] body) {

    static Response json(int status, Object value) {
        return new Response(status, Map.of("Content-Type", "application/json"), Json.bytes(value));
    }

    static Response html(int status, String html) {
        return new Response(status, Map.of("Content-Type", "text/html; charset=utf-8"),
                html.getBytes(StandardCharsets.UTF_8));
    }

    static Response empty(int status) {
        return new Response(status, Map.of(), null);
    }

    static Response redirect(String location) {
        return new Response(302, Map.of("Location", location), null).withHeader("Cache-Control", "no-store");
    }

    /** JSON {@code {"error": error, "error_description": description}}. */
    static Response error(int status, String error, String description) {
        return json(status, Json.object("error", error, "error_description", description));
    }

    Response withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Response(status, Collections.unmodifiableMap(copy), body);
    }
}

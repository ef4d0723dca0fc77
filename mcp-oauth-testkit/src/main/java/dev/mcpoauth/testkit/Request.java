package dev.mcpoauth.testkit;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A received request as the endpoint handlers see it.
 *
 * @param method   HTTP method
 * @param rawPath  undecoded path
 * @param rawQuery undecoded query, or {@code null}
 * @param headers  headers with lower-case names
 * @param body     body as UTF-8 text
 */
record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, String body) {

    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Whether the Content-Type's media type equals {@code mediaType}, ignoring parameters such as charset. */
    boolean hasContentType(String mediaType) {
        String contentType = header("content-type");
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase(mediaType);
    }
}

package dev.mcpoauth.testkit;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parameters of an {@code application/x-www-form-urlencoded} query string or body. Following RFC 6749 §3.1,
 * a parameter sent with an empty value counts as absent.
 */
final class Params {

    private final Map<String, List<String>> values;

    private Params(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * Parses raw form-encoded text.
     *
     * @throws IllegalArgumentException if the text contains malformed percent escapes
     */
    static Params parse(String raw) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!value.isEmpty()) {
                    values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                }
            }
        }
        return new Params(values);
    }

    /** The single value of a parameter, or {@code null} if absent; call {@link #firstDuplicate} first. */
    String get(String name) {
        List<String> list = values.get(name);
        return list == null ? null : list.get(0);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, Collections.emptyList());
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The first parameter that occurs more than once, ignoring {@code allowed}; {@code null} if there is none. */
    String firstDuplicate(Set<String> allowed) {
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (e.getValue().size() > 1 && !allowed.contains(e.getKey())) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Form-encodes one component, using {@code %20} rather than {@code +} for spaces so any decoder agrees. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Form-encodes name/value pairs, skipping {@code null} values. */
    static String encode(Map<String, String> pairs) {
        StringBuilder out = new StringBuilder();
        pairs.forEach((name, value) -> {
            if (value != null) {
                if (out.length() > 0) {
                    out.append('&');
                }
                out.append(encode(name)).append('=').append(encode(value));
            }
        });
        return out.toString();
    }

    static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}

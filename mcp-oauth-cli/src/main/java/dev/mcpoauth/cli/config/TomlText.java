package dev.mcpoauth.cli.config;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** TOML literals for the values {@code mcp-oauth add} writes: keys, basic strings, arrays, inline tables. */
final class TomlText {
    private TomlText() {
    }

    /** A bare key when it only has {@code A-Za-z0-9_-}, else a quoted one. */
    static String key(String key) {
        if (!key.isEmpty() && key.chars().allMatch(c -> TomlLayout.KeyReader.isBareKeyChar((char) c))) {
            return key;
        }
        return string(key);
    }

    /** A basic string, with {@code "}, {@code \} and control characters escaped. */
    static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\b': out.append("\\b"); break;
                case '\t': out.append("\\t"); break;
                case '\n': out.append("\\n"); break;
                case '\f': out.append("\\f"); break;
                case '\r': out.append("\\r"); break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }

    static String stringArray(List<String> values) {
        StringJoiner joiner = new StringJoiner(", ", "[", "]");
        values.forEach(v -> joiner.add(string(v)));
        return joiner.toString();
    }

    static String inlineTable(List<String> order, Map<String, String> values) {
        StringJoiner joiner = new StringJoiner(", ", "{ ", " }");
        for (String key : order) {
            joiner.add(string(key) + " = " + string(values.get(key)));
        }
        return joiner.toString();
    }
}

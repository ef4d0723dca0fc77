package dev.mcpoauth.cli.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The line structure of a TOML text, enough to edit it without re-serialising it: which lines are
 * blank, comments, table headers ({@code [a.b]}, {@code [[a.b]]}) or key/value statements (which may
 * span lines through multi-line strings and arrays), with the full key path of each.
 *
 * <p>This is a layout reader, not a validator: whether the text is valid TOML is decided by parsing
 * it with the TOML library before and after an edit.
 */
public final class TomlLayout {
    /** What a statement is. */
    public enum Kind {
        BLANK,
        COMMENT,
        TABLE,
        ARRAY_TABLE,
        KEY_VALUE
    }

    /**
     * One statement.
     *
     * @param kind      what it is
     * @param firstLine index of its first line
     * @param lastLine  index of its last line (a multi-line value spans several)
     * @param path      for a header, the table's key path; for a key/value, the full path (enclosing
     *                  table + dotted key); empty for blanks and comments
     */
    public record Item(Kind kind, int firstLine, int lastLine, List<String> path) {
        public boolean isHeader() {
            return kind == Kind.TABLE || kind == Kind.ARRAY_TABLE;
        }

        public boolean pathStartsWith(List<String> prefix) {
            return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
        }
    }

    private final List<String> lines;
    private final List<Item> items;

    private TomlLayout(List<String> lines, List<Item> items) {
        this.lines = lines;
        this.items = items;
    }

    /** The lines of the text, each with its line terminator (the last one may have none). */
    public List<String> lines() {
        return lines;
    }

    public List<Item> items() {
        return items;
    }

    public static TomlLayout of(String text) {
        List<String> lines = splitLines(text);
        List<Item> items = new ArrayList<>();
        List<String> table = List.of();
        Scanner scanner = new Scanner();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                items.add(new Item(Kind.BLANK, i, i, List.of()));
                i++;
            } else if (trimmed.startsWith("#")) {
                items.add(new Item(Kind.COMMENT, i, i, List.of()));
                i++;
            } else if (trimmed.startsWith("[")) {
                boolean array = trimmed.startsWith("[[");
                List<String> path = new KeyReader(trimmed, array ? 2 : 1).readKey();
                items.add(new Item(array ? Kind.ARRAY_TABLE : Kind.TABLE, i, i, path));
                table = path;
                i++;
            } else {
                KeyReader keyReader = new KeyReader(line, 0);
                List<String> key = keyReader.readKey();
                List<String> full = new ArrayList<>(table);
                full.addAll(key);
                int first = i;
                scanner.reset();
                scanner.scan(line, keyReader.position());
                while (scanner.open() && i + 1 < lines.size()) {
                    i++;
                    scanner.scan(lines.get(i), 0);
                }
                items.add(new Item(Kind.KEY_VALUE, first, i, List.copyOf(full)));
                i++;
            }
        }
        return new TomlLayout(List.copyOf(lines), List.copyOf(items));
    }

    static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** Reads a dotted key: bare parts, "basic" and 'literal' quoted parts, separated by dots. */
    static final class KeyReader {
        private final String text;
        private int pos;

        KeyReader(String text, int start) {
            this.text = text;
            this.pos = start;
        }

        int position() {
            return pos;
        }

        List<String> readKey() {
            List<String> parts = new ArrayList<>();
            while (true) {
                skipSpaces();
                if (pos >= text.length()) {
                    return parts;
                }
                char c = text.charAt(pos);
                if (c == '"') {
                    parts.add(readBasic());
                } else if (c == '\'') {
                    int end = text.indexOf('\'', pos + 1);
                    end = end < 0 ? text.length() : end;
                    parts.add(text.substring(pos + 1, end));
                    pos = Math.min(text.length(), end + 1);
                } else {
                    int start = pos;
                    while (pos < text.length() && isBareKeyChar(text.charAt(pos))) {
                        pos++;
                    }
                    if (pos == start) {
                        return parts;
                    }
                    parts.add(text.substring(start, pos));
                }
                skipSpaces();
                if (pos < text.length() && text.charAt(pos) == '.') {
                    pos++;
                } else {
                    return parts;
                }
            }
        }

        private String readBasic() {
            StringBuilder out = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\' && pos < text.length()) {
                    char e = text.charAt(pos++);
                    switch (e) {
                        case 'b': out.append('\b'); break;
                        case 't': out.append('\t'); break;
                        case 'n': out.append('\n'); break;
                        case 'f': out.append('\f'); break;
                        case 'r': out.append('\r'); break;
                        case 'u':
                        case 'U':
                            int length = e == 'u' ? 4 : 8;
                            if (pos + length <= text.length()) {
                                try {
                                    out.appendCodePoint(Integer.parseInt(text.substring(pos, pos + length), 16));
                                } catch (IllegalArgumentException ex) {
                                    out.append(text, pos, pos + length);
                                }
                                pos += length;
                            }
                            break;
                        default: out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        private void skipSpaces() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
        }

        static boolean isBareKeyChar(char c) {
            return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
        }
    }

    /** Follows strings, arrays and inline tables in a value to tell whether it continues on the next line. */
    static final class Scanner {
        private boolean multiLineBasic;
        private boolean multiLineLiteral;
        private int depth;

        void reset() {
            multiLineBasic = false;
            multiLineLiteral = false;
            depth = 0;
        }

        boolean open() {
            return multiLineBasic || multiLineLiteral || depth > 0;
        }

        void scan(String line, int from) {
            int i = from;
            int n = line.length();
            while (i < n) {
                if (multiLineBasic) {
                    char c = line.charAt(i);
                    if (c == '\\') {
                        i += 2;
                    } else if (line.startsWith("\"\"\"", i)) {
                        multiLineBasic = false;
                        i += 3;
                        while (i < n && line.charAt(i) == '"') {
                            i++;
                        }
                    } else {
                        i++;
                    }
                    continue;
                }
                if (multiLineLiteral) {
                    if (line.startsWith("'''", i)) {
                        multiLineLiteral = false;
                        i += 3;
                        while (i < n && line.charAt(i) == '\'') {
                            i++;
                        }
                    } else {
                        i++;
                    }
                    continue;
                }
                char c = line.charAt(i);
                if (c == '#') {
                    return;
                } else if (line.startsWith("\"\"\"", i)) {
                    multiLineBasic = true;
                    i += 3;
                } else if (line.startsWith("'''", i)) {
                    multiLineLiteral = true;
                    i += 3;
                } else if (c == '"') {
                    i++;
                    while (i < n && line.charAt(i) != '"') {
                        i += line.charAt(i) == '\\' ? 2 : 1;
                    }
                    i++;
                } else if (c == '\'') {
                    int end = line.indexOf('\'', i + 1);
                    i = end < 0 ? n : end + 1;
                } else if (c == '[' || c == '{') {
                    depth++;
                    i++;
                } else if (c == ']' || c == '}') {
                    depth = Math.max(0, depth - 1);
                    i++;
                } else {
                    i++;
                }
            }
        }
    }
}

package dev.mcpoauth.cli.config;

import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.cli.CliException;
import dev.mcpoauth.cli.ExitCodes;
import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Adds and removes {@code [mcp_servers.NAME]} tables in {@code config.toml} by editing its text, so
 * the user's comments, layout and every other key (a reference host's models, profiles, ...) stay
 * exactly as they were.
 *
 * <p>Every edit is checked before it replaces the file: the new text is parsed and must give the
 * same configuration as before plus (or minus) exactly that one server; otherwise nothing is written
 * and the error says to edit the file by hand. The file is replaced atomically ({@link AtomicFile}).
 *
 * <pre>{@code
 * ConfigEditor editor = new ConfigEditor(Path.of(System.getProperty("user.home"), ".mcp-oauth", "config.toml"));
 * editor.add(ServerEntry.builder("docs", "https://mcp.example.com/mcp").build());
 * editor.remove("docs");
 * }</pre>
 */
public final class ConfigEditor {
    /** Attempts when another process changes the file between our read and our write. */
    static final int MAX_ATTEMPTS = 3;

    private final Path file;

    public ConfigEditor(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * Appends the server's table.
     *
     * @return the configuration after the edit
     * @throws CliException {@code server_exists} when the name is taken, {@code config_edit_failed}
     *     when the edit could not be verified
     */
    public McpOAuthConfig add(ServerEntry entry) {
        for (int attempt = 1; ; attempt++) {
            String before = read();
            McpOAuthConfig oldConfig = McpOAuthConfig.parse(before == null ? "" : before, file);
            if (oldConfig.server(entry.name()).isPresent()) {
                throw new CliException("server_exists", "a server named '" + entry.name() + "' is already in " + file,
                        "Run `mcp-oauth remove " + entry.name() + "` first, or choose another name.", ExitCodes.USAGE);
            }
            String after = appended(before == null ? "" : before, entry);
            McpOAuthConfig newConfig = parseEdited(after, "add '" + entry.name() + "'");
            Map<String, ServerConfig> expected = new LinkedHashMap<>(oldConfig.servers());
            expected.put(entry.name(), entry.expectedConfig());
            verify(oldConfig, newConfig, expected, "add '" + entry.name() + "'");
            if (AtomicFile.replace(file, before, after)) {
                return newConfig;
            }
            if (attempt == MAX_ATTEMPTS) {
                throw cannotEdit("add '" + entry.name() + "'", "another program kept changing the file while it was being edited");
            }
        }
    }

    /**
     * Removes the server's table, its subtables ({@code [mcp_servers.NAME.oauth]}) and any dotted or
     * inline definition of it.
     *
     * @return the configuration after the edit
     * @throws CliException {@code unknown_server} when it is not configured, {@code config_edit_failed}
     *     when the edit could not be verified
     */
    public McpOAuthConfig remove(String name) {
        for (int attempt = 1; ; attempt++) {
            String before = read();
            McpOAuthConfig oldConfig = McpOAuthConfig.parse(before == null ? "" : before, file);
            if (before == null || oldConfig.server(name).isEmpty()) {
                throw CliException.unknownServer(name);
            }
            String after = removed(before, name);
            McpOAuthConfig newConfig = parseEdited(after, "remove '" + name + "'");
            Map<String, ServerConfig> expected = new LinkedHashMap<>(oldConfig.servers());
            expected.remove(name);
            verify(oldConfig, newConfig, expected, "remove '" + name + "'");
            if (AtomicFile.replace(file, before, after)) {
                return newConfig;
            }
            if (attempt == MAX_ATTEMPTS) {
                throw cannotEdit("remove '" + name + "'", "another program kept changing the file while it was being edited");
            }
        }
    }

    /** {@code text} with the entry's table appended after one blank line, in the text's line ending. */
    static String appended(String text, ServerEntry entry) {
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        StringBuilder out = new StringBuilder(text);
        if (!text.isEmpty()) {
            if (!text.endsWith("\n")) {
                out.append(newline);
            }
            if (!out.toString().strip().isEmpty() && !endsWithBlankLine(out)) {
                out.append(newline);
            }
        }
        out.append(entry.toToml(newline));
        return out.toString();
    }

    /** {@code text} without the lines that define server {@code name}. */
    static String removed(String text, String name) {
        TomlLayout layout = TomlLayout.of(text);
        List<String> lines = layout.lines();
        List<TomlLayout.Item> items = layout.items();
        List<String> target = List.of("mcp_servers", name);
        boolean[] drop = new boolean[lines.size()];
        boolean inRemovedTable = false;
        int tableItemsStart = -1;
        for (int index = 0; index < items.size(); index++) {
            TomlLayout.Item item = items.get(index);
            if (item.isHeader()) {
                boolean removedHeader = item.pathStartsWith(target);
                if (inRemovedTable && !removedHeader) {
                    keepCommentsAttachedTo(items, tableItemsStart, index, drop);
                }
                if (removedHeader && !inRemovedTable) {
                    dropCommentsDescribing(items, index, drop);
                }
                inRemovedTable = removedHeader;
                tableItemsStart = index;
            }
            boolean removeItem = inRemovedTable || item.kind() == TomlLayout.Kind.KEY_VALUE && item.pathStartsWith(target);
            if (removeItem) {
                for (int line = item.firstLine(); line <= item.lastLine(); line++) {
                    drop[line] = true;
                }
            }
        }
        return join(lines, drop);
    }

    /**
     * A block of comments directly above a removed header, set apart from what precedes it by a
     * blank line (or the start of the file), describes that table: it goes with it. Comments glued
     * to the previous table's last key stay.
     */
    private static void dropCommentsDescribing(List<TomlLayout.Item> items, int header, boolean[] drop) {
        int first = header;
        while (first > 0 && items.get(first - 1).kind() == TomlLayout.Kind.COMMENT) {
            first--;
        }
        if (first == header || first > 0 && items.get(first - 1).kind() != TomlLayout.Kind.BLANK) {
            return;
        }
        for (int index = first; index < header; index++) {
            drop[items.get(index).firstLine()] = true;
        }
    }

    /** Comments directly above the next header (no blank line between) describe that header: keep them. */
    private static void keepCommentsAttachedTo(List<TomlLayout.Item> items, int tableStart, int nextHeader, boolean[] drop) {
        for (int index = nextHeader - 1; index > tableStart; index--) {
            TomlLayout.Item item = items.get(index);
            if (item.kind() != TomlLayout.Kind.COMMENT) {
                return;
            }
            drop[item.firstLine()] = false;
        }
    }

    /** Joins the kept lines, collapsing the blank lines a removal leaves doubled at its seam. */
    private static String join(List<String> lines, boolean[] drop) {
        List<String> kept = new ArrayList<>();
        boolean previousDropped = false;
        for (int i = 0; i < lines.size(); i++) {
            if (drop[i]) {
                previousDropped = true;
                continue;
            }
            boolean blank = lines.get(i).isBlank();
            if (previousDropped && blank && (kept.isEmpty() || kept.get(kept.size() - 1).isBlank())) {
                continue; // would double a blank line, or start the file with one
            }
            previousDropped = false;
            kept.add(lines.get(i));
        }
        if (previousDropped) {
            while (!kept.isEmpty() && kept.get(kept.size() - 1).isBlank()) {
                kept.remove(kept.size() - 1);
            }
        }
        return String.join("", kept);
    }

    private static boolean endsWithBlankLine(CharSequence text) {
        String s = text.toString();
        String trimmed = s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.substring(0, s.length() - 1);
        int lastNewline = trimmed.lastIndexOf('\n');
        return trimmed.substring(lastNewline + 1).isBlank();
    }

    private McpOAuthConfig parseEdited(String text, String what) {
        try {
            return McpOAuthConfig.parse(text, file);
        } catch (McpOAuthException e) {
            throw cannotEdit(what, "the edited file would not be valid (" + e.detail() + ")");
        }
    }

    private void verify(McpOAuthConfig before, McpOAuthConfig after, Map<String, ServerConfig> expected, String what) {
        boolean sameSettings = Objects.equals(before.callbackPort(), after.callbackPort())
                && Objects.equals(before.callbackUrl(), after.callbackUrl())
                && before.credentialsStore() == after.credentialsStore();
        if (!sameSettings || !after.servers().equals(expected)) {
            throw cannotEdit(what, "the edited file would not read back as expected");
        }
    }

    private CliException cannotEdit(String what, String why) {
        return new CliException("config_edit_failed", "cannot " + what + " in " + file + " automatically: " + why,
                "Edit the file by hand; it was left unchanged.", ExitCodes.FAILURE);
    }

    private String read() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CliException("config_edit_failed", "cannot read " + file + ": " + e.getMessage(),
                    "Check that the file is readable.", ExitCodes.FAILURE);
        }
    }
}

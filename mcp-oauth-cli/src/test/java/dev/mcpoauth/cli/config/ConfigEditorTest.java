package dev.mcpoauth.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.cli.CliException;
import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adding and removing servers in config.toml by editing its text. */
class ConfigEditorTest {
    /** A reference host's config: keys mcp-oauth ignores, comments, subtables, a stdio server. */
    static final String REFERENCE_CONFIG = """
            # Reference host configuration
            model = "gpt-5"            # the default model
            approval_policy = "on-request"
            mcp_oauth_credentials_store = "file"

            [profiles.fast]
            model = "gpt-5-mini"

            # Linear's hosted server
            [mcp_servers.linear]
            url = "https://mcp.linear.app/mcp"
            scopes = [
              "read",   # issues
              "write",
            ]

            [mcp_servers.linear.oauth]
            client_id = "linear-client"

            # Local tools over stdio
            [mcp_servers.files]
            command = "npx"
            args = ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]
            env = { "DEBUG" = "1" }

            [tools]
            web_search = true
            """;

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("config.toml");
        Files.writeString(file, text);
        return file;
    }

    @Nested
    class Adding {
        @Test
        void appendsATableAndKeepsEveryOtherByte() throws IOException {
            Path file = write(REFERENCE_CONFIG);
            new ConfigEditor(file).add(ServerEntry.builder("docs", "https://mcp.example.com/mcp").build());
            assertThat(Files.readString(file)).isEqualTo(REFERENCE_CONFIG + """

                    [mcp_servers.docs]
                    url = "https://mcp.example.com/mcp"
                    """);
        }

        @Test
        void writesEveryOptionWithTheReferenceKeys() throws IOException {
            Path file = write("");
            McpOAuthConfig after = new ConfigEditor(file).add(ServerEntry.builder("docs", "https://mcp.example.com/mcp")
                    .scopes(List.of("read", "write"))
                    .oauthResource("https://mcp.example.com")
                    .httpHeaders(Map.of("X-Tenant", "acme \"one\""))
                    .envHttpHeaders(Map.of("X-Api-Key", "DOCS_KEY"))
                    .clientId("cid")
                    .clientSecretEnv("DOCS_SECRET")
                    .build());
            assertThat(Files.readString(file)).isEqualTo("""
                    [mcp_servers.docs]
                    url = "https://mcp.example.com/mcp"
                    scopes = ["read", "write"]
                    oauth_resource = "https://mcp.example.com"
                    http_headers = { "X-Tenant" = "acme \\"one\\"" }
                    env_http_headers = { "X-Api-Key" = "DOCS_KEY" }

                    [mcp_servers.docs.oauth]
                    client_id = "cid"
                    client_secret_env = "DOCS_SECRET"
                    """);
            ServerConfig docs = after.server("docs").orElseThrow();
            assertThat(docs.scopes()).containsExactly("read", "write");
            assertThat(docs.httpHeaders()).containsEntry("X-Tenant", "acme \"one\"");
            assertThat(docs.clientSecretEnv()).isEqualTo("DOCS_SECRET");
        }

        @Test
        void writesAnExplicitEmptyScopeList() throws IOException {
            Path file = write("");
            McpOAuthConfig after = new ConfigEditor(file).add(
                    ServerEntry.builder("docs", "https://mcp.example.com/mcp").scopes(List.of()).build());
            assertThat(Files.readString(file)).contains("scopes = []");
            assertThat(after.server("docs").orElseThrow().scopes()).isEmpty();
        }

        @Test
        void createsTheFileAndItsDirectoryWhenMissing() throws IOException {
            Path file = dir.resolve("home/config.toml");
            new ConfigEditor(file).add(ServerEntry.builder("docs", "https://mcp.example.com/mcp").build());
            assertThat(Files.readString(file)).startsWith("[mcp_servers.docs]\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }

        @Test
        void keepsWindowsLineEndings() throws IOException {
            Path file = write("model = \"x\"\r\n");
            new ConfigEditor(file).add(ServerEntry.builder("docs", "https://mcp.example.com/mcp").build());
            assertThat(Files.readString(file)).isEqualTo(
                    "model = \"x\"\r\n\r\n[mcp_servers.docs]\r\nurl = \"https://mcp.example.com/mcp\"\r\n");
        }

        @Test
        void addsALineBreakToAFileWithoutOne() throws IOException {
            Path file = write("model = \"x\"");
            new ConfigEditor(file).add(ServerEntry.builder("docs", "https://mcp.example.com/mcp").build());
            assertThat(Files.readString(file)).startsWith("model = \"x\"\n\n[mcp_servers.docs]\n");
        }

        @Test
        void refusesANameAlreadyTaken() throws IOException {
            Path file = write(REFERENCE_CONFIG);
            assertThatThrownBy(() -> new ConfigEditor(file).add(ServerEntry.builder("linear", "https://x.example/mcp").build()))
                    .isInstanceOfSatisfying(CliException.class, e -> {
                        assertThat(e.code()).isEqualTo("server_exists");
                        assertThat(e.detail()).isEqualTo("a server named 'linear' is already in " + file);
                    });
            assertThat(Files.readString(file)).isEqualTo(REFERENCE_CONFIG);
        }

        @Test
        void leavesTheFileAloneWhenTheResultWouldNotParse() throws IOException {
            String inline = "mcp_servers = { other = { url = \"https://o.example/mcp\" } }\n";
            Path file = write(inline);
            assertThatThrownBy(() -> new ConfigEditor(file).add(ServerEntry.builder("docs", "https://mcp.example.com/mcp").build()))
                    .isInstanceOfSatisfying(CliException.class, e -> {
                        assertThat(e.code()).isEqualTo("config_edit_failed");
                        assertThat(e.detail()).startsWith("cannot add 'docs' in " + file + " automatically: ");
                        assertThat(e.hint()).isEqualTo("Edit the file by hand; it was left unchanged.");
                    });
            assertThat(Files.readString(file)).isEqualTo(inline);
            try (var files = Files.list(dir)) {
                assertThat(files).containsExactly(file);
            }
        }

        @Test
        void replacesTheTargetOfASymbolicLinkAndKeepsTheLink() throws IOException {
            Path real = dir.resolve("dotfiles/config.toml");
            Files.createDirectories(real.getParent());
            Files.writeString(real, "# mine\n");
            Path link = Files.createSymbolicLink(dir.resolve("config.toml"), real);
            new ConfigEditor(link).add(ServerEntry.builder("docs", "https://mcp.example.com/mcp").build());
            assertThat(Files.isSymbolicLink(link)).isTrue();
            assertThat(Files.readString(real)).startsWith("# mine\n\n[mcp_servers.docs]\n");
        }
    }

    @Nested
    class Removing {
        @Test
        void removesTheTableItsSubtablesAndItsCommentAndKeepsTheNextTablesComment() throws IOException {
            Path file = write(REFERENCE_CONFIG);
            McpOAuthConfig after = new ConfigEditor(file).remove("linear");
            assertThat(Files.readString(file)).isEqualTo("""
                    # Reference host configuration
                    model = "gpt-5"            # the default model
                    approval_policy = "on-request"
                    mcp_oauth_credentials_store = "file"

                    [profiles.fast]
                    model = "gpt-5-mini"

                    # Local tools over stdio
                    [mcp_servers.files]
                    command = "npx"
                    args = ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]
                    env = { "DEBUG" = "1" }

                    [tools]
                    web_search = true
                    """);
            assertThat(after.servers()).containsOnlyKeys("files");
        }

        @Test
        void keepsACommentGluedToThePreviousTablesLastKey() throws IOException {
            Path file = write("[mcp_servers.a]\nurl = \"https://a.example/mcp\"\n# url = \"https://old.example/mcp\"\n"
                    + "[mcp_servers.b]\nurl = \"https://b.example/mcp\"\n");
            new ConfigEditor(file).remove("b");
            assertThat(Files.readString(file)).isEqualTo(
                    "[mcp_servers.a]\nurl = \"https://a.example/mcp\"\n# url = \"https://old.example/mcp\"\n");
        }

        @Test
        void removesTheLastTableOfTheFile() throws IOException {
            Path file = write("model = \"x\"\n\n[mcp_servers.docs]\nurl = \"https://d.example/mcp\"\n");
            new ConfigEditor(file).remove("docs");
            assertThat(Files.readString(file)).isEqualTo("model = \"x\"\n");
        }

        @Test
        void undoesAnAdd() throws IOException {
            Path file = write(REFERENCE_CONFIG);
            ConfigEditor editor = new ConfigEditor(file);
            editor.add(ServerEntry.builder("docs", "https://mcp.example.com/mcp").clientId("cid").build());
            editor.remove("docs");
            assertThat(Files.readString(file)).isEqualTo(REFERENCE_CONFIG);
        }

        @Test
        void removesDottedDefinitionsInTheRootTable() throws IOException {
            Path file = write("""
                    mcp_servers.a.url = "https://a.example/mcp"
                    mcp_servers.a.scopes = [
                      "read",
                    ]
                    mcp_servers.b.url = "https://b.example/mcp"
                    """);
            new ConfigEditor(file).remove("a");
            assertThat(Files.readString(file)).isEqualTo("mcp_servers.b.url = \"https://b.example/mcp\"\n");
        }

        @Test
        void removesInlineAndDottedDefinitionsInTheServersTable() throws IOException {
            Path file = write("""
                    [mcp_servers]
                    c = { url = "https://c.example/mcp" }
                    d.url = "https://d.example/mcp"
                    e.url = "https://e.example/mcp"
                    """);
            ConfigEditor editor = new ConfigEditor(file);
            editor.remove("c");
            editor.remove("d");
            assertThat(Files.readString(file)).isEqualTo("[mcp_servers]\ne.url = \"https://e.example/mcp\"\n");
        }

        @Test
        void readsPastMultiLineStringsThatLookLikeHeaders() throws IOException {
            Path file = write("""
                    [mcp_servers.a]
                    url = "https://a.example/mcp"
                    note = \"\"\"
                    [mcp_servers.b]
                    not a header\"\"\"

                    [mcp_servers.b]
                    url = "https://b.example/mcp"
                    """);
            McpOAuthConfig after = new ConfigEditor(file).remove("a");
            assertThat(after.servers()).containsOnlyKeys("b");
            assertThat(Files.readString(file)).isEqualTo("[mcp_servers.b]\nurl = \"https://b.example/mcp\"\n");
        }

        @Test
        void matchesQuotedTableNames() throws IOException {
            Path file = write("[mcp_servers.\"docs\"]\nurl = \"https://d.example/mcp\"\n\n[mcp_servers.'x']\nurl = \"https://x.example/mcp\"\n");
            new ConfigEditor(file).remove("docs");
            assertThat(Files.readString(file)).isEqualTo("[mcp_servers.'x']\nurl = \"https://x.example/mcp\"\n");
        }

        @Test
        void reportsAnUnknownServerWithTheReferenceMessage() throws IOException {
            Path file = write(REFERENCE_CONFIG);
            assertThatThrownBy(() -> new ConfigEditor(file).remove("nope"))
                    .isInstanceOfSatisfying(CliException.class, e -> {
                        assertThat(e.code()).isEqualTo("unknown_server");
                        assertThat(e.detail()).isEqualTo("No MCP server named 'nope' found.");
                    });
            assertThat(Files.readString(file)).isEqualTo(REFERENCE_CONFIG);
        }
    }
}

package dev.mcpoauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link JsonTree} builds the trees {@code ObjectMapper.readTree} builds, without a mapper. */
class JsonTreeTest {
    private static final List<String> DOCUMENTS = List.of(
            "{}",
            "{\"a\":1,\"b\":-2147483649,\"c\":123456789012345678901234567890,\"d\":1.5,\"e\":-0.0,\"f\":1e300}",
            "{\"s\":\"caf\\u00e9 \\\"quoted\\\" \\n\",\"t\":true,\"f\":false,\"n\":null,\"emoji\":\"\uD83D\uDE00\"}",
            "{\"nested\":{\"list\":[1,[2,[3,{}]],{\"x\":[]}],\"empty\":{}},\"after\":\"z\"}",
            "{\"issuer\":\"https://as.example.com\",\"scopes_supported\":[\"mcp:read\",\"mcp:write\"],"
                    + "\"code_challenge_methods_supported\":[\"S256\"]}",
            "{\"dup\":1,\"dup\":2}");

    private static JsonNode parse(String json) {
        return JsonTree.parseObject(json.getBytes(StandardCharsets.UTF_8), "doc");
    }

    @Nested
    class Reading {
        @Test
        void buildsTheSameTreesAsTheMapper() throws Exception {
            for (String document : DOCUMENTS) {
                JsonNode expected = Json.MAPPER.readTree(document);
                JsonNode actual = parse(document);
                assertThat(actual).as(document).isEqualTo(expected);
                assertThat(actual.toString()).as(document).isEqualTo(expected.toString());
            }
        }

        @Test
        void keepsIntegerWidthsAsTheMapperDoes() {
            JsonNode tree = parse(DOCUMENTS.get(1));
            assertThat(tree.get("a").isInt()).isTrue();
            assertThat(tree.get("b").isLong()).isTrue();
            assertThat(tree.get("c").isBigInteger()).isTrue();
            assertThat(tree.get("d").isDouble()).isTrue();
        }

        @Test
        void readsTomlAsTheTomlMapperDoes() throws Exception {
            String toml = "mcp_oauth_credentials_store = \"file\"\nmcp_oauth_callback_port = 8765\n\n"
                    + "[mcp_servers.docs]\nurl = \"https://mcp.example.com/mcp\"\nscopes = [\"a\", \"b\"]\n"
                    + "enabled = true\nratio = 0.25\nwhen = 1979-05-27\n\n"
                    + "[mcp_servers.docs.http_headers]\nX-Tenant = \"acme\"\n";
            JsonNode expected = new TomlMapper().readTree(toml);
            JsonNode actual;
            try (JsonParser parser = new TomlFactory().createParser(toml)) {
                actual = JsonTree.read(parser);
            }
            assertThat(actual).isEqualTo(expected);
        }

        @Test
        void returnsNullAtTheEndOfTheInput() throws Exception {
            try (JsonParser parser = new JsonFactory().createParser("  ")) {
                assertThat(JsonTree.read(parser)).isNull();
            }
        }
    }

    @Nested
    class Refusing {
        @Test
        void trailingTokens() {
            assertThatThrownBy(() -> JsonTree.parseObject("{\"a\":1} {}".getBytes(StandardCharsets.UTF_8), "doc"))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
                        assertThat(e.detail()).isEqualTo("doc is not valid JSON (trailing token START_OBJECT after the value)");
                    });
        }

        @Test
        void nestingDeeperThanTheLimitWithoutStackOverflow() {
            String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
            assertThatThrownBy(() -> JsonTree.parseObject(deep.getBytes(StandardCharsets.UTF_8), "doc"))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
                        assertThat(e.detail()).startsWith("doc is not valid JSON (Document nesting depth (65) exceeds");
                    });
        }

        @Test
        void nestingAtTheLimitIsRead() {
            String atLimit = "{\"a\":" + "[".repeat(Json.MAX_NESTING_DEPTH - 1) + "]".repeat(Json.MAX_NESTING_DEPTH - 1) + "}";
            assertThat(JsonTree.parseObject(atLimit.getBytes(StandardCharsets.UTF_8), "doc").get("a").isArray()).isTrue();
        }

        @Test
        void invalidUtf8() {
            byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            assertThatThrownBy(() -> JsonTree.parseObject(bad, "doc"))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
                        assertThat(e.detail()).isEqualTo("doc is not valid UTF-8");
                    });
        }

        @Test
        void syntaxErrorsAndTruncation() {
            for (String broken : List.of("{\"a\":", "{\"a\" 1}", "{\"a\":[1,2}", "")) {
                assertThatThrownBy(() -> JsonTree.parseObject(broken.getBytes(StandardCharsets.UTF_8), "doc"))
                        .as(broken)
                        .isInstanceOfSatisfying(McpOAuthException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE));
            }
        }

        @Test
        void documentsThatAreNotObjects() {
            for (String notAnObject : List.of("[1]", "\"text\"", "42", "null")) {
                assertThatThrownBy(() -> JsonTree.parseObject(notAnObject.getBytes(StandardCharsets.UTF_8), "doc"))
                        .as(notAnObject)
                        .isInstanceOfSatisfying(McpOAuthException.class,
                                e -> assertThat(e.detail()).isEqualTo("doc is not a JSON object"));
            }
        }
    }

    @Nested
    class Writing {
        @Test
        void writesWhatToStringWrites() throws Exception {
            for (String document : DOCUMENTS) {
                JsonNode tree = Json.MAPPER.readTree(document);
                assertThat(JsonTree.write(tree)).as(document).isEqualTo(tree.toString());
            }
        }

        @Test
        void writesTextThatReadsBackToTheSameTree() {
            for (String document : DOCUMENTS) {
                JsonNode tree = parse(document);
                assertThat(parse(JsonTree.write(tree))).as(document).isEqualTo(tree);
            }
        }
    }
}

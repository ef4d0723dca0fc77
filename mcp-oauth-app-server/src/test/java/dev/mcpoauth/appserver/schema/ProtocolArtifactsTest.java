package dev.mcpoauth.appserver.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpoauth.appserver.protocol.Methods;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The committed JSON Schema and TypeScript files match the protocol records. */
class ProtocolArtifactsTest {
    private static final Path SCHEMA_DIR = Path.of("schema");
    private static final Map<String, String> GENERATED = ProtocolArtifacts.generate();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void committedFilesAreUpToDate() throws IOException {
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> file : GENERATED.entrySet()) {
            Path committed = SCHEMA_DIR.resolve(file.getKey());
            if (!Files.exists(committed)
                    || !Files.readString(committed, StandardCharsets.UTF_8).equals(file.getValue())) {
                stale.add(file.getKey());
            }
        }
        for (String dir : List.of("json", "typescript")) {
            Path folder = SCHEMA_DIR.resolve(dir);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    files.map(f -> dir + "/" + f.getFileName()).filter(f -> !GENERATED.containsKey(f)).forEach(stale::add);
                }
            }
        }
        if (!stale.isEmpty()) {
            throw new AssertionError("schema is stale: run " + ProtocolArtifacts.REGENERATE_COMMAND
                    + " (differs: " + new TreeSet<>(stale) + ")");
        }
    }

    @Nested
    class TheLoginParams {
        private final JsonNode schema = json("json/McpServerOauthLoginParams.json");

        @Test
        void declareClientMetadataUrlBaseAsAnOptionalNullableStringLikeTheReference() {
            assertThat(schema.get("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
            assertThat(GENERATED.get("json/McpServerOauthLoginParams.json"))
                    .contains("\"clientMetadataUrlBase\": {")
                    .contains("\"type\": [\n        \"string\",\n        \"null\"\n      ]");
            assertThat(schema.at("/properties/clientMetadataUrlBase/type").toString()).isEqualTo("[\"string\",\"null\"]");
            assertThat(schema.at("/properties/name/type").asText()).isEqualTo("string");
            assertThat(schema.get("required").toString()).isEqualTo("[\"name\"]");
        }

        @Test
        void declareTimeoutSecsAsAnInt64AndClientRegistrationAsTheThreeModes() {
            assertThat(schema.at("/properties/timeoutSecs/format").asText()).isEqualTo("int64");
            assertThat(schema.at("/properties/timeoutSecs/type").toString()).isEqualTo("[\"integer\",\"null\"]");
            assertThat(schema.at("/definitions/ClientRegistration/enum").toString()).isEqualTo("[\"auto\",\"cimd\",\"dcr\"]");
        }

        @Test
        void appearInTypeScriptWithOptionalNullableFields() {
            String ts = GENERATED.get(ProtocolArtifacts.TYPESCRIPT_FILE);
            assertThat(ts).contains("export interface McpServerOauthLoginParams {")
                    .contains("  name: string;")
                    .contains("  clientMetadataUrlBase?: string | null;")
                    .contains("  scopes?: string[] | null;")
                    .contains("  timeoutSecs?: number | null;")
                    .contains("  clientRegistration?: ClientRegistration | null;")
                    .contains("export type ClientRegistration = \"auto\" | \"cimd\" | \"dcr\";");
        }
    }

    @Test
    void authStatusValuesComeInTheReferenceOrder() {
        assertThat(json("json/ListMcpServerStatusResponse.json").at("/definitions/McpAuthStatus/enum").toString())
                .isEqualTo("[\"unsupported\",\"notLoggedIn\",\"bearerToken\",\"oAuth\"]");
        assertThat(GENERATED.get(ProtocolArtifacts.TYPESCRIPT_FILE))
                .contains("export type McpAuthStatus = \"unsupported\" | \"notLoggedIn\" | \"bearerToken\" | \"oAuth\";");
    }

    @Test
    void theBundleHoldsEveryTypeWithItsSchemaAndTitle() {
        JsonNode bundle = json(ProtocolArtifacts.BUNDLE_FILE);
        for (Class<?> type : Methods.TYPES) {
            JsonNode definition = bundle.at("/definitions/" + type.getSimpleName());
            assertThat(definition.get("title").asText()).isEqualTo(type.getSimpleName());
            assertThat(definition.get("$schema").asText()).isEqualTo(ProtocolArtifacts.DRAFT_07);
        }
        assertThat(bundle.at("/definitions/McpAuthStatus/enum").size()).isEqualTo(4);
    }

    private static JsonNode json(String file) {
        try {
            return MAPPER.readTree(GENERATED.get(file));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

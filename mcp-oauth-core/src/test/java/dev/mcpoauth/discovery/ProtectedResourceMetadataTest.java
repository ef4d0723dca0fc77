package dev.mcpoauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProtectedResourceMetadataTest {
    private static final String WHERE = "https://mcp.example.com/.well-known/oauth-protected-resource";

    private static ObjectNode json(String text) {
        return Json.parseObject(text.getBytes(StandardCharsets.UTF_8), "test");
    }

    private static ProtectedResourceMetadata parse(String text) {
        return ProtectedResourceMetadata.parse(json(text), WHERE);
    }

    private static void assertMalformed(String text, String detail) {
        assertThatThrownBy(() -> parse(text)).isInstanceOfSatisfying(McpOAuthException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
            assertThat(e.detail()).isEqualTo(detail);
        });
    }

    @Nested
    class AWellFormedDocument {
        @Test
        void isReadMemberByMember() {
            ProtectedResourceMetadata prm = parse("{\"resource\":\"https://mcp.example.com/mcp\","
                    + "\"authorization_servers\":[\"https://auth.example.com\",\"https://backup.example.com/t\"],"
                    + "\"scopes_supported\":[\"files:read\",\"files:write\"],\"bearer_methods_supported\":[\"header\"],"
                    + "\"resource_name\":\"Files\"}");

            assertThat(prm.resource()).isEqualTo(URI.create("https://mcp.example.com/mcp"));
            assertThat(prm.authorizationServers()).containsExactly("https://auth.example.com", "https://backup.example.com/t");
            assertThat(prm.scopesSupported()).containsExactly("files:read", "files:write");
            assertThat(prm.bearerMethodsSupported()).containsExactly("header");
            assertThat(prm.resourceName()).isEqualTo("Files");
        }

        @Test
        void keepsTheResourceAsGiven() {
            assertThat(parse("{\"resource\":\"HTTPS://MCP.example.com:443/mcp\"}").resource())
                    .isEqualTo(URI.create("HTTPS://MCP.example.com:443/mcp"));
        }

        @Test
        void hasEmptyListsAndNoNameWhenTheOptionalMembersAreAbsentOrNull() {
            ProtectedResourceMetadata prm = parse("{\"resource\":\"https://mcp.example.com/\",\"scopes_supported\":null}");

            assertThat(prm.authorizationServers()).isEmpty();
            assertThat(prm.scopesSupported()).isEmpty();
            assertThat(prm.bearerMethodsSupported()).isEmpty();
            assertThat(prm.resourceName()).isNull();
        }

        @Test
        void keepsUnknownMembers() {
            ProtectedResourceMetadata prm = parse("{\"resource\":\"https://mcp.example.com/\","
                    + "\"resource_documentation\":\"https://docs.example.com\",\"x_vendor\":{\"tier\":2}}");

            assertThat(prm.json().get("resource_documentation").textValue()).isEqualTo("https://docs.example.com");
            assertThat(prm.json().get("x_vendor").get("tier").intValue()).isEqualTo(2);
        }

        @Test
        void cannotBeChangedThroughItsJson() {
            ObjectNode source = json("{\"resource\":\"https://mcp.example.com/\"}");
            ProtectedResourceMetadata prm = ProtectedResourceMetadata.parse(source, WHERE);

            source.put("resource", "https://evil.example.com/");
            prm.json().put("resource", "https://evil.example.com/");

            assertThat(prm.json().get("resource").textValue()).isEqualTo("https://mcp.example.com/");
        }
    }

    @Nested
    class AMalformedDocument {
        @Test
        void lacksTheResource() {
            assertMalformed("{\"authorization_servers\":[]}", "protected resource metadata at " + WHERE
                    + " has no `resource` (RFC 9728 §2)");
        }

        @Test
        void hasAResourceThatIsNotAString() {
            assertMalformed("{\"resource\":42}", "protected resource metadata at " + WHERE + ": `resource` must be a string");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"/mcp", "mcp.example.com/mcp", "urn:example:mcp"})
        void hasAResourceThatIsNotAnAbsoluteUrl(String resource) {
            assertMalformed("{\"resource\":\"" + resource + "\"}", "protected resource metadata at " + WHERE
                    + ": `resource` (`" + resource + "`) is not an absolute URL (RFC 9728 §2)");
        }

        @Test
        void hasAResourceThatIsNotAUri() {
            assertMalformed("{\"resource\":\"https://ex.com/a b\"}", "protected resource metadata at " + WHERE
                    + ": `resource` (`https://ex.com/a b`) is not a URI (RFC 9728 §2)");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "authorization_servers|\"https://auth.example.com\"|must be an array of strings",
                "authorization_servers|[\"https://auth.example.com\", 7]|must contain only strings",
                "scopes_supported|\"a b\"|must be an array of strings",
                "bearer_methods_supported|{}|must be an array of strings"})
        void hasAListMemberOfTheWrongType(String member, String value, String problem) {
            assertMalformed("{\"resource\":\"https://mcp.example.com/\",\"" + member + "\":" + value + "}",
                    "protected resource metadata at " + WHERE + ": `" + member + "` " + problem);
        }

        @Test
        void hasAResourceNameThatIsNotAString() {
            assertMalformed("{\"resource\":\"https://mcp.example.com/\",\"resource_name\":[\"x\"]}",
                    "protected resource metadata at " + WHERE + ": `resource_name` must be a string");
        }
    }
}

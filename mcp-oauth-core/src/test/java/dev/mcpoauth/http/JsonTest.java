package dev.mcpoauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static HttpResult response(String contentType, byte[] body) {
        return new HttpResult(200, URI.create("https://ex.com/doc"), Map.of("content-type", List.of(contentType)), body);
    }

    @Test
    void readsAJsonObject() {
        assertThat(Json.readObject(response("application/json; charset=utf-8", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)), "doc")
                .get("a").intValue()).isEqualTo(1);
    }

    @Test
    void refusesTheWrongContentType() {
        assertThatThrownBy(() -> Json.readObject(response("text/html", "{}".getBytes(StandardCharsets.UTF_8)), "metadata"))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE))
                .hasMessageContaining("metadata from `https://ex.com/doc` has content type `text/html`, expected application/json");
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> Json.readObject(response("application/json", bad), "metadata"))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE))
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void refusesDeepNestingWithoutStackOverflow() {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> Json.parseObject(deep.getBytes(StandardCharsets.UTF_8), "doc"))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE));
    }

    @Test
    void refusesTrailingGarbageAndNonObjects() {
        assertThatThrownBy(() -> Json.parseObject("{} {}".getBytes(StandardCharsets.UTF_8), "doc"))
                .isInstanceOf(McpOAuthException.class);
        assertThatThrownBy(() -> Json.parseObject("[1]".getBytes(StandardCharsets.UTF_8), "doc"))
                .hasMessageContaining("is not a JSON object");
    }
}

package dev.mcpoauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.internal.Urls;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CallbackIdTest {

    static JsonNode vectors() throws IOException {
        try (InputStream in = CallbackIdTest.class.getResourceAsStream("/vectors/callback-id.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : vectors().get("cases")) {
            out.add(Arguments.of(c.get("url").asText(), c.get("serialized").asText(), c.get("callbackId").asText()));
        }
        return out.stream();
    }

    static Stream<String> errors() throws IOException {
        List<String> out = new ArrayList<>();
        vectors().get("errors").forEach(e -> out.add(e.get("url").asText()));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("cases")
    void matchesTheReferenceBitForBit(String url, String serialized, String expected) {
        assertThat(Urls.canonical(url, "MCP server URL").toString()).isEqualTo(serialized);
        assertThat(CallbackId.of(url).value()).isEqualTo(expected).hasSize(12);
    }

    @ParameterizedTest
    @MethodSource("errors")
    void rejectsUrlsWithoutAHost(String url) {
        assertThatThrownBy(() -> CallbackId.of(url))
                .isInstanceOfSatisfying(McpOAuthException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining(url);
    }

    @Test
    void isTheSameForUrlsThatDifferOnlyInFragment() {
        assertThat(CallbackId.of("https://a.example/mcp#one")).isEqualTo(CallbackId.of("https://a.example/mcp"));
    }

    @Test
    void differsWhenTheQueryDiffers() {
        assertThat(CallbackId.of("https://a.example/mcp?t=1")).isNotEqualTo(CallbackId.of("https://a.example/mcp?t=2"));
    }
}

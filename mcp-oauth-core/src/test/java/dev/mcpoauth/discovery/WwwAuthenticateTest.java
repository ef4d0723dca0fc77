package dev.mcpoauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WwwAuthenticateTest {

    static JsonNode vectors() throws IOException {
        try (InputStream in = WwwAuthenticateTest.class.getResourceAsStream("/vectors/www-authenticate.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : vectors().get("cases")) {
            out.add(Arguments.of(c.get("header").asText(), c.get("challenges")));
        }
        return out.stream();
    }

    static Stream<String> malformed() throws IOException {
        List<String> out = new ArrayList<>();
        vectors().get("malformed").forEach(m -> out.add(m.asText()));
        return out.stream();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void parsesEveryVector(String header, JsonNode expected) {
        WwwAuthenticate parsed = WwwAuthenticate.parse(header);
        assertThat(parsed.malformed()).isFalse();
        assertThat(parsed.challenges()).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = expected.get(i);
            WwwAuthenticate.Challenge got = parsed.challenges().get(i);
            assertThat(got.scheme()).isEqualTo(want.get("scheme").asText());
            assertThat(got.token68()).isEqualTo(want.has("token68") ? want.get("token68").asText() : null);
            Map<String, String> params = new LinkedHashMap<>();
            want.get("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            assertThat(got.params()).containsExactlyEntriesOf(params);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void reportsMalformedHeadersWithoutThrowing(String header) {
        WwwAuthenticate parsed = WwwAuthenticate.parse(header);
        assertThat(parsed.malformed()).isTrue();
        assertThat(parsed.bearer()).isEmpty();
    }

    @Test
    void keepsTheChallengesReadBeforeAFault() {
        WwwAuthenticate parsed = WwwAuthenticate.parse("Basic realm=\"a\", Bearer scope=\"unterminated");
        assertThat(parsed.malformed()).isTrue();
        assertThat(parsed.challenges()).extracting(WwwAuthenticate.Challenge::scheme).containsExactly("Basic");
    }

    @Test
    void exposesTheMcpParameters() {
        WwwAuthenticate.Challenge bearer = WwwAuthenticate.parse(
                "Bearer error=\"insufficient_scope\", scope=\"a  b a\", resource_metadata=\"https://ex.com/prm\"")
                .bearer().orElseThrow();
        assertThat(bearer.error()).hasValue("insufficient_scope");
        assertThat(bearer.scopes()).containsExactly("a", "b");
        assertThat(bearer.resourceMetadata()).hasValue(URI.create("https://ex.com/prm"));
    }

    @Test
    void ignoresARelativeResourceMetadataUrl() {
        assertThat(WwwAuthenticate.parse("Bearer resource_metadata=\"/prm\"").bearer().orElseThrow().resourceMetadata())
                .isEmpty();
    }

    @Test
    void mergesSeveralHeaderLines() {
        WwwAuthenticate parsed = WwwAuthenticate.parse(List.of("Basic realm=\"x\"", "Bearer scope=\"s\""));
        assertThat(parsed.bearer().orElseThrow().scopes()).containsExactly("s");
    }

    @Test
    void staysLinearOnPathologicalInput() {
        String hostile = "Bearer " + "a=\"\\".repeat(50_000) + ", ".repeat(50_000);
        WwwAuthenticate parsed = WwwAuthenticate.parse(hostile);
        assertThat(parsed.malformed()).isTrue();
        String manyParams = "Bearer " + "x=y, ".repeat(100_000);
        assertThat(WwwAuthenticate.parse(manyParams).bearer()).isPresent();
    }
}

package dev.mcpoauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WwwAuthenticateTest {

    static JsonNode vectors() throws IOException {
        try (InputStream in = WwwAuthenticateTest.class.getResourceAsStream("/vectors/www-authenticate.json")) {
            assertThat(in).as("vectors/www-authenticate.json on the test class path").isNotNull();
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

    @Nested
    class TheSharedVectors {
        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("dev.mcpoauth.discovery.WwwAuthenticateTest#cases")
        void parseToTheExpectedChallenges(String header, JsonNode expected) {
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
        @MethodSource("dev.mcpoauth.discovery.WwwAuthenticateTest#malformed")
        void areReportedAsMalformedWithoutThrowing(String header) {
            WwwAuthenticate parsed = WwwAuthenticate.parse(header);

            assertThat(parsed.malformed()).isTrue();
            assertThat(parsed.bearer()).isEmpty();
        }
    }

    @Nested
    class TheGrammar {
        @Test
        void keepsTheChallengesReadBeforeAFault() {
            WwwAuthenticate parsed = WwwAuthenticate.parse("Basic realm=\"a\", Bearer scope=\"unterminated");

            assertThat(parsed.malformed()).isTrue();
            assertThat(parsed.challenges()).extracting(WwwAuthenticate.Challenge::scheme).containsExactly("Basic");
        }

        @Test
        void readsEveryHeaderLineEvenAfterAMalformedOne() {
            WwwAuthenticate parsed = WwwAuthenticate.parse(Arrays.asList("Basic realm=\"x\"", "\"junk", null,
                    "Bearer scope=\"s\""));

            assertThat(parsed.malformed()).isTrue();
            assertThat(parsed.challenges()).extracting(WwwAuthenticate.Challenge::scheme).containsExactly("Basic", "Bearer");
            assertThat(parsed.bearer().orElseThrow().scopes()).containsExactly("s");
        }

        @Test
        void skipsEmptyListElements() {
            WwwAuthenticate parsed = WwwAuthenticate.parse(" , Bearer a=b, , c=\"d\",, Basic realm=x ,");

            assertThat(parsed.malformed()).isFalse();
            assertThat(parsed.challenges()).hasSize(2);
            assertThat(parsed.challenges().get(0).params()).containsExactly(entry("a", "b"), entry("c", "d"));
            assertThat(parsed.challenges().get(1).params()).containsExactly(entry("realm", "x"));
        }

        @Test
        void acceptsTabsAroundTheEqualsSign() {
            WwwAuthenticate.Challenge bearer = WwwAuthenticate.parse("Bearer\tscope\t=\t\"a b\"").bearer().orElseThrow();

            assertThat(bearer.scopes()).containsExactly("a", "b");
        }

        @Test
        void keepsTheFirstOfARepeatedParameter() {
            WwwAuthenticate.Challenge bearer = WwwAuthenticate.parse("Bearer scope=\"first\", SCOPE=\"second\"")
                    .bearer().orElseThrow();

            assertThat(bearer.params()).containsExactlyEntriesOf(Map.of("scope", "first"));
        }

        @Test
        void unescapesQuotedPairs() {
            WwwAuthenticate.Challenge bearer = WwwAuthenticate.parse("Bearer realm=\"a\\\\b\\\"c\\d\"").bearer().orElseThrow();

            assertThat(bearer.param("realm")).hasValue("a\\b\"cd");
        }

        @Test
        void readsNoChallengeFromNothing() {
            assertThat(WwwAuthenticate.parse((String) null)).isEqualTo(WwwAuthenticate.none());
            assertThat(WwwAuthenticate.parse((List<String>) null)).isEqualTo(WwwAuthenticate.none());
            assertThat(WwwAuthenticate.parse("   ")).isEqualTo(WwwAuthenticate.none());
            assertThat(WwwAuthenticate.parse(List.of())).isEqualTo(WwwAuthenticate.none());
        }

        @Test
        void findsTheFirstBearerChallengeCaseInsensitively() {
            WwwAuthenticate parsed = WwwAuthenticate.parse("DPoP algs=\"ES256\", BEARER scope=\"one\", Bearer scope=\"two\"");

            assertThat(parsed.bearer().orElseThrow().scopes()).containsExactly("one");
        }
    }

    @Nested
    class TheChallenge {
        @Test
        void exposesTheMcpParameters() {
            WwwAuthenticate.Challenge bearer = WwwAuthenticate.parse(
                    "Bearer error=\"insufficient_scope\", scope=\"a  b a\", resource_metadata=\"https://ex.com/prm\"")
                    .bearer().orElseThrow();

            assertThat(bearer.error()).hasValue("insufficient_scope");
            assertThat(bearer.scopes()).containsExactly("a", "b");
            assertThat(bearer.resourceMetadata()).hasValue(URI.create("https://ex.com/prm"));
            assertThat(bearer.param("Resource_Metadata")).hasValue("https://ex.com/prm");
        }

        @Test
        void hasNoScopesOrErrorWhenAbsent() {
            WwwAuthenticate.Challenge bearer = WwwAuthenticate.parse("Bearer").bearer().orElseThrow();

            assertThat(bearer.scopes()).isEmpty();
            assertThat(bearer.error()).isEmpty();
            assertThat(bearer.resourceMetadata()).isEmpty();
            assertThat(bearer.param(null)).isEmpty();
        }

        @Test
        void ignoresAResourceMetadataValueThatIsNotAnAbsoluteHttpUrl() {
            for (String value : List.of("/prm", "ftp://ex.com/prm", "not a url", "https:opaque", "")) {
                WwwAuthenticate.Challenge bearer = WwwAuthenticate.parse("Bearer resource_metadata=\"" + value + "\"")
                        .bearer().orElseThrow();
                assertThat(bearer.resourceMetadata()).as(value).isEmpty();
                assertThat(bearer.param("resource_metadata")).hasValue(value);
            }
        }

        @Test
        void lowerCasesParameterNamesAndCannotBeModified() {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("Scope", "x");
            params.put("SCOPE", "y");
            params.put("Realm", "r");
            WwwAuthenticate.Challenge challenge = new WwwAuthenticate.Challenge("Bearer", null, params);

            assertThat(challenge.params()).containsExactly(entry("scope", "x"), entry("realm", "r"));
            assertThatThrownBy(() -> challenge.params().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
            assertThat(new WwwAuthenticate.Challenge("Basic", "abc==", null).params()).isEmpty();
        }
    }

    @Nested
    class HostileInput {
        @Test
        @Timeout(10)
        void staysLinearOnPathologicalInput() {
            String hostile = "Bearer " + "a=\"\\".repeat(50_000) + ", ".repeat(50_000);
            assertThat(WwwAuthenticate.parse(hostile).malformed()).isTrue();

            String manyParams = "Bearer " + "x=y, ".repeat(100_000);
            assertThat(WwwAuthenticate.parse(manyParams).bearer()).isPresent();

            String manyChallenges = "Basic, ".repeat(100_000) + "Bearer scope=\"s\"";
            assertThat(WwwAuthenticate.parse(manyChallenges).bearer().orElseThrow().scopes()).containsExactly("s");

            String longToken68 = "Negotiate " + "a".repeat(1_000_000) + "=";
            assertThat(WwwAuthenticate.parse(longToken68).challenges().get(0).token68()).hasSize(1_000_001);

            String manyScopes = "Bearer scope=\""
                    + String.join(" ", IntStream.range(0, 200_000).mapToObj(i -> "s" + i).toList()) + "\"";
            assertThat(WwwAuthenticate.parse(manyScopes).bearer().orElseThrow().scopes()).hasSize(200_000);
        }

        @Test
        @Timeout(20)
        void neverThrowsOnRandomInput() {
            Random random = new Random(9110);
            String alphabet = "Bearer Basic=\"\\,; \t=/+-._~!#$%&'*^`|abcXYZ019\u00e9\u0000\r\n";
            for (int i = 0; i < 20_000; i++) {
                char[] chars = new char[random.nextInt(80)];
                for (int j = 0; j < chars.length; j++) {
                    chars[j] = alphabet.charAt(random.nextInt(alphabet.length()));
                }
                String header = new String(chars);
                assertThatCode(() -> {
                    WwwAuthenticate parsed = WwwAuthenticate.parse(header);
                    parsed.bearer().ifPresent(b -> {
                        b.scopes();
                        b.resourceMetadata();
                        b.error();
                    });
                }).as(header).doesNotThrowAnyException();
            }
        }

        @Test
        @Timeout(10)
        void handlesAHugeHeaderQuickly() {
            String big = "Bearer realm=\"" + "x".repeat(5_000_000) + "\"";
            long start = System.nanoTime();
            assertThat(WwwAuthenticate.parse(big).bearer().orElseThrow().param("realm").orElseThrow()).hasSize(5_000_000);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}

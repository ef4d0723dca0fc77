package dev.mcpoauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DiscoveryCandidatesTest {

    static JsonNode vectors() throws IOException {
        try (InputStream in = DiscoveryCandidatesTest.class.getResourceAsStream("/vectors/discovery-order.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static Stream<Arguments> read(String section, String key) throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : vectors().get(section)) {
            List<String> candidates = new ArrayList<>();
            c.get("candidates").forEach(u -> candidates.add(u.asText()));
            out.add(Arguments.of(c.get(key).asText(), candidates));
        }
        return out.stream();
    }

    static Stream<Arguments> protectedResource() throws IOException {
        return read("protected_resource", "server");
    }

    static Stream<Arguments> authorizationServer() throws IOException {
        return read("authorization_server", "issuer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protectedResource")
    void listsProtectedResourceLocationsInSpecOrder(String server, List<String> expected) {
        assertThat(DiscoveryCandidates.protectedResource(URI.create(server))).map(URI::toString)
                .containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("authorizationServer")
    void listsAuthorizationServerLocationsInSpecOrder(String issuer, List<String> expected) {
        assertThat(DiscoveryCandidates.authorizationServer(issuer)).map(URI::toString)
                .containsExactlyElementsOf(expected);
    }
}

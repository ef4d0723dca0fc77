package dev.mcpoauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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

    @Test
    void neverListsTheRootForAnIssuerWithAPath() {
        assertThat(DiscoveryCandidates.authorizationServer("https://auth.example.com/a/b")).map(URI::toString)
                .containsExactly("https://auth.example.com/.well-known/oauth-authorization-server/a/b",
                        "https://auth.example.com/.well-known/openid-configuration/a/b",
                        "https://auth.example.com/a/b/.well-known/openid-configuration")
                .noneMatch(url -> url.equals("https://auth.example.com/.well-known/oauth-authorization-server"));
    }

    @Test
    void keepsAnExplicitPortAndDropsUserInfoAndFragment() {
        assertThat(DiscoveryCandidates.protectedResource(URI.create("http://user:pw@LOCALHOST:8080/mcp#frag")))
                .map(URI::toString).containsExactly("http://localhost:8080/.well-known/oauth-protected-resource/mcp",
                        "http://localhost:8080/.well-known/oauth-protected-resource");
    }

    @Test
    void treatsAServerUrlWithoutAPathAsTheRoot() {
        assertThat(DiscoveryCandidates.protectedResource(URI.create("https://example.com"))).map(URI::toString)
                .containsExactly("https://example.com/.well-known/oauth-protected-resource");
    }

    @Test
    void refusesWhatIsNotAnAbsoluteUrl() {
        assertThatThrownBy(() -> DiscoveryCandidates.protectedResource(URI.create("/mcp")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("server URL `/mcp` is not an absolute URL with a host");
        assertThatThrownBy(() -> DiscoveryCandidates.authorizationServer("auth.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("issuer `auth.example.com` is not an absolute URL with a host");
        assertThatThrownBy(() -> DiscoveryCandidates.authorizationServer(null)).isInstanceOf(IllegalArgumentException.class);
    }
}

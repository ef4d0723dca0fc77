package dev.mcpoauth.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.authorize.CallbackId;
import dev.mcpoauth.internal.Urls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientMetadataUrlsTest {

    static JsonNode vectors() throws IOException {
        try (InputStream in = ClientMetadataUrlsTest.class.getResourceAsStream("/vectors/client-metadata-url.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : vectors().get("cases")) {
            out.add(Arguments.of(c.get("base").asText(), c.get("callbackId").asText(), c.get("redirectUri").asText(),
                    c.get("expected").asText()));
        }
        return out.stream();
    }

    static Stream<Arguments> rejected() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : vectors().get("rejected")) {
            out.add(Arguments.of(c.get("base").asText(), c.get("why").asText()));
        }
        return out.stream();
    }

    @Nested
    class CallbackScoped {

        @ParameterizedTest(name = "{0} + {1} -> {3}")
        @MethodSource("dev.mcpoauth.registration.ClientMetadataUrlsTest#cases")
        void matchesTheReferenceBitForBit(String base, String callbackId, String redirectUri, String expected) {
            assertThat(ClientMetadataUrls.callbackScoped(base, new CallbackId(callbackId), redirectUri)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0}: {1}")
        @MethodSource("dev.mcpoauth.registration.ClientMetadataUrlsTest#rejected")
        void rejectsBasesTheReferenceRejects(String base, String why) {
            String expected = "invalid MCP OAuth client metadata URL base `" + base + "`"
                    + (why.equals("invalid URL") ? "" : ": " + why);
            assertThatThrownBy(() -> ClientMetadataUrls.callbackScoped(base, new CallbackId("abc123"),
                    "http://127.0.0.1:4321/callback/abc123"))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.detail()).isEqualTo(expected);
                    });
        }

        @Test
        void reportsAQueryWithTheDefaultHint() {
            assertThatThrownBy(() -> ClientMetadataUrls.callbackScoped("https://meta.example.test/oauth?", new CallbackId("x"),
                    "http://127.0.0.1:1/cb"))
                    .hasMessage("invalid MCP OAuth client metadata URL base `https://meta.example.test/oauth?`: "
                            + "query is not allowed. Check the value and try again.");
        }

        @Test
        void rejectsARelativeBase() {
            assertThatThrownBy(() -> ClientMetadataUrls.callbackScoped("/oauth/", new CallbackId("x"), "http://127.0.0.1:1/cb"))
                    .isInstanceOfSatisfying(McpOAuthException.class, e ->
                            assertThat(e.detail()).isEqualTo("invalid MCP OAuth client metadata URL base `/oauth/`"));
        }

        @Test
        void lowerCasesSchemeAndHostAndDropsTheDefaultPortLikeAWhatwgParser() {
            assertThat(ClientMetadataUrls.callbackScoped("HTTPS://Meta.Example.TEST:443/OAuth", new CallbackId("id"),
                    "http://127.0.0.1:9/cb"))
                    .isEqualTo("https://meta.example.test/OAuth/id/client.json?redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb");
        }
    }

    @Nested
    class SettingTheRedirectUriParameter {

        @Test
        void replacesAnExistingOneAndKeepsOthers() {
            URI url = URI.create("https://meta.example.test/a/client.json?redirect_uri=http%3A%2F%2Fold&x=1&redirect_uri=again");
            assertThat(Urls.setQueryParam(url, ClientMetadataUrls.REDIRECT_URI_PARAM, "http://127.0.0.1:5/cb"))
                    .isEqualTo("https://meta.example.test/a/client.json?x=1&redirect_uri=http%3A%2F%2F127.0.0.1%3A5%2Fcb");
        }

        @Test
        void formEncodesSpacesAsPlus() {
            URI url = URI.create("https://meta.example.test/a/client.json");
            assertThat(Urls.setQueryParam(url, "redirect_uri", "http://127.0.0.1:5/c b"))
                    .isEqualTo("https://meta.example.test/a/client.json?redirect_uri=http%3A%2F%2F127.0.0.1%3A5%2Fc+b");
        }
    }

    @Nested
    class ValidatingABase {

        @ParameterizedTest
        @ValueSource(strings = {"https://meta.example.test", "https://meta.example.test/oauth/",
                "http://127.0.0.1:8080/oauth", "http://localhost/oauth", "http://[::1]:9000/"})
        void acceptsHttpsAndLoopbackHttp(String base) {
            assertThatCode(() -> ClientMetadataUrls.validateBase(base)).doesNotThrowAnyException();
        }

        @Test
        void rejectsPlainHttpToAnotherHost() {
            assertThatThrownBy(() -> ClientMetadataUrls.validateBase("http://meta.example.test/oauth"))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.detail()).isEqualTo(
                            "invalid MCP OAuth client metadata URL base `http://meta.example.test/oauth`: "
                                    + "it must use https (plain http only for a loopback host)"));
        }

        @Test
        void rejectsUserinfo() {
            assertThatThrownBy(() -> ClientMetadataUrls.validateBase("https://user:pw@meta.example.test/oauth"))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.detail()).isEqualTo(
                            "invalid MCP OAuth client metadata URL base `https://user:pw@meta.example.test/oauth`: "
                                    + "userinfo is not allowed"));
        }

        @Test
        void appliesTheBuilderRulesToo() {
            assertThatThrownBy(() -> ClientMetadataUrls.validateBase("https://meta.example.test/oauth#f"))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.detail()).endsWith(
                            ": fragment is not allowed"));
        }
    }

    @Nested
    class ValidatingAFixedUrl {

        @ParameterizedTest
        @ValueSource(strings = {"https://conformance-test.local/client-metadata.json",
                "https://meta.example.test/a/client.json?redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb",
                "http://127.0.0.1:8080/client.json"})
        void acceptsDocumentUrls(String url) {
            assertThatCode(() -> ClientMetadataUrls.validateFixedUrl(url)).doesNotThrowAnyException();
        }

        @ParameterizedTest(name = "{0}: {1}")
        @MethodSource("dev.mcpoauth.registration.ClientMetadataUrlsTest#badFixedUrls")
        void rejectsUrlsTheDraftForbids(String url, String why) {
            assertThatThrownBy(() -> ClientMetadataUrls.validateFixedUrl(url))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.detail()).isEqualTo("invalid client metadata URL `" + url + "`: " + why
                                + " (draft-ietf-oauth-client-id-metadata-document §3)");
                    });
        }
    }

    static Stream<Arguments> badFixedUrls() {
        return Stream.of(
                Arguments.of("http://meta.example.test/client.json", "it must use https (plain http only for a loopback host)"),
                Arguments.of("https://meta.example.test", "it must have a path"),
                Arguments.of("https://meta.example.test/", "it must have a path"),
                Arguments.of("https://meta.example.test/client.json#x", "a fragment is not allowed"),
                Arguments.of("https://u@meta.example.test/client.json", "userinfo is not allowed"),
                Arguments.of("https://meta.example.test/a/../client.json", "dot segments are not allowed in its path"),
                Arguments.of("https://meta.example.test/a/%2E/client.json", "dot segments are not allowed in its path"),
                Arguments.of("client.json", "not an absolute URL with a host"));
    }
}

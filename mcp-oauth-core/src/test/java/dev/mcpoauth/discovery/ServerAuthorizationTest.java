package dev.mcpoauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.http.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The convenience methods, on values built without a network. */
class ServerAuthorizationTest {
    private static final String ISSUER = "https://auth.example.com";
    private static final URI SERVER = URI.create("https://mcp.example.com/mcp");

    private static AuthorizationServerMetadata metadata(String extraMembers) throws ParseException {
        return AuthorizationServerMetadata.parse("{\"issuer\":\"" + ISSUER + "\","
                + "\"authorization_endpoint\":\"" + ISSUER + "/authorize\",\"token_endpoint\":\"" + ISSUER + "/token\","
                + "\"response_types_supported\":[\"code\"]" + (extraMembers.isEmpty() ? "" : "," + extraMembers) + "}");
    }

    private static ProtectedResourceMetadata prm(String scopes) {
        return ProtectedResourceMetadata.parse(Json.parseObject(("{\"resource\":\"" + SERVER + "\","
                + "\"authorization_servers\":[\"" + ISSUER + "\"],\"scopes_supported\":" + scopes + "}")
                .getBytes(StandardCharsets.UTF_8), "test"), "test");
    }

    private static ServerAuthorization of(AuthorizationServerMetadata metadata, ProtectedResourceMetadata prm,
                                          List<String> challengeScopes) {
        return new ServerAuthorization(SERVER, ResourceUri.of(SERVER), prm, metadata, ISSUER, challengeScopes,
                ServerAuthorization.Source.PROTECTED_RESOURCE_METADATA, List.of());
    }

    @Nested
    class DiscoveredScopes {
        @Test
        void areTheChallengesScopesFirst() throws Exception {
            assertThat(of(metadata(""), prm("[\"a\",\"b\"]"), List.of("c")).discoveredScopes()).containsExactly("c");
        }

        @Test
        void areTheResourcesScopesWhenTheChallengeHasNone() throws Exception {
            assertThat(of(metadata(""), prm("[\"a\",\"b\"]"), List.of()).discoveredScopes()).containsExactly("a", "b");
        }

        @Test
        void areNoneWithoutEither() throws Exception {
            assertThat(of(metadata(""), prm("[]"), List.of()).discoveredScopes()).isEmpty();
            assertThat(of(metadata(""), null, List.of()).discoveredScopes()).isEmpty();
        }
    }

    @Nested
    class AdvertisedFeatures {
        @Test
        void areReadFromTheMetadata() throws Exception {
            ServerAuthorization auth = of(metadata("\"code_challenge_methods_supported\":[\"plain\",\"S256\"],"
                    + "\"client_id_metadata_document_supported\":true,"
                    + "\"authorization_response_iss_parameter_supported\":true,"
                    + "\"scopes_supported\":[\"openid\",\"offline_access\"],"
                    + "\"registration_endpoint\":\"" + ISSUER + "/register\","
                    + "\"token_endpoint_auth_methods_supported\":[\"client_secret_post\",\"none\"]"), null, List.of());

            assertThat(auth.s256Supported()).isTrue();
            assertThat(auth.clientIdMetadataDocumentSupported()).isTrue();
            assertThat(auth.issParameterSupported()).isTrue();
            assertThat(auth.offlineAccessSupported()).isTrue();
            assertThat(auth.registrationEndpoint()).hasValue(URI.create(ISSUER + "/register"));
            assertThat(auth.tokenEndpointAuthMethods()).containsExactly("client_secret_post", "none");
        }

        @Test
        void areAbsentWhenNotAdvertised() throws Exception {
            ServerAuthorization auth = of(metadata(""), null, List.of());

            assertThat(auth.s256Supported()).isFalse();
            assertThat(auth.clientIdMetadataDocumentSupported()).isFalse();
            assertThat(auth.issParameterSupported()).isFalse();
            assertThat(auth.offlineAccessSupported()).isFalse();
            assertThat(auth.registrationEndpoint()).isEmpty();
            assertThat(auth.tokenEndpointAuthMethods()).isEmpty();
        }

        @Test
        void needS256ItselfNotJustPkce() throws Exception {
            assertThat(of(metadata("\"code_challenge_methods_supported\":[\"plain\"]"), null, List.of()).s256Supported())
                    .isFalse();
        }

        @Test
        void countClientIdMetadataDocumentsOnlyForTheBooleanTrue() throws Exception {
            assertThat(of(metadata("\"client_id_metadata_document_supported\":\"true\""), null, List.of())
                    .clientIdMetadataDocumentSupported()).isFalse();
            assertThat(of(metadata("\"client_id_metadata_document_supported\":false"), null, List.of())
                    .clientIdMetadataDocumentSupported()).isFalse();
        }
    }

    @Test
    void isImmutable() throws Exception {
        List<String> scopes = new ArrayList<>(List.of("a"));
        List<DiscoveryStep> steps = new ArrayList<>(List.of(new DiscoveryStep("check", null, -1, "ok")));
        ServerAuthorization auth = new ServerAuthorization(SERVER, ResourceUri.of(SERVER), null, metadata(""), ISSUER,
                scopes, ServerAuthorization.Source.LEGACY_ORIGIN_METADATA, steps);

        scopes.add("b");
        steps.clear();

        assertThat(auth.challengeScopes()).containsExactly("a");
        assertThat(auth.steps()).hasSize(1);
    }
}

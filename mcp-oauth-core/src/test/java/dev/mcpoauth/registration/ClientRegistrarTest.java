package dev.mcpoauth.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.http.Json;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ClientRegistrarTest {
    private static final String ISSUER = "https://auth.example.com";
    private static final String REDIRECT = "http://127.0.0.1:4321/callback/8t06V3nLEwB8";
    private static final String METADATA_URL =
            "https://meta.example.test/oauth/8t06V3nLEwB8/client.json?redirect_uri=http%3A%2F%2F127.0.0.1%3A4321%2Fcallback%2F8t06V3nLEwB8";

    private RecordingServer server;
    private ClientRegistrar registrar;

    @BeforeEach
    void start() {
        server = RecordingServer.start();
        registrar = new ClientRegistrar(HttpTransport.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Metadata for {@link #ISSUER} with the given CIMD support, registration endpoint and auth methods. */
    private static AuthorizationServerMetadata metadata(Object cimdSupported, URI registrationEndpoint, String... authMethods) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("issuer", ISSUER);
        json.put("authorization_endpoint", ISSUER + "/authorize");
        json.put("token_endpoint", ISSUER + "/token");
        if (registrationEndpoint != null) {
            json.put("registration_endpoint", registrationEndpoint.toString());
        }
        if (cimdSupported instanceof Boolean b) {
            json.put(ClientRegistrar.CIMD_SUPPORTED_MEMBER, b);
        } else if (cimdSupported != null) {
            json.put(ClientRegistrar.CIMD_SUPPORTED_MEMBER, cimdSupported.toString());
        }
        if (authMethods.length > 0) {
            ArrayNode methods = json.putArray("token_endpoint_auth_methods_supported");
            for (String method : authMethods) {
                methods.add(method);
            }
        }
        try {
            return AuthorizationServerMetadata.parse(json.toString());
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private URI registrationEndpoint() {
        return server.uri("/register");
    }

    private static JsonNode json(String body) throws Exception {
        return Json.MAPPER.readTree(body);
    }

    @Nested
    class Priority {

        @Test
        void aPreRegisteredClientForThisIssuerWinsOverMetadataDocumentsAndRegistration() {
            PreRegistered pre = new PreRegistered("pre-1", new Secret("pre-secret"), null, null, ISSUER);

            ClientIdentity client = registrar.resolve(RegistrationRequest.builder(ISSUER,
                            metadata(true, registrationEndpoint()), REDIRECT)
                    .preRegistered(pre)
                    .clientMetadataUrl(METADATA_URL)
                    .build());

            assertThat(client).isSameAs(pre);
            assertThat(server.requests()).isEmpty();
        }

        @Test
        void aPreRegisteredClientBoundToNoIssuerWinsEvenInDcrMode() {
            PreRegistered pre = PreRegistered.publicClient("pre-any");

            ClientIdentity client = registrar.resolve(RegistrationRequest.builder(ISSUER,
                            metadata(false, registrationEndpoint()), REDIRECT)
                    .mode(RegistrationMode.DCR)
                    .preRegistered(pre)
                    .build());

            assertThat(client).isSameAs(pre);
            assertThat(server.requests()).isEmpty();
        }

        @Test
        void aPreRegisteredClientForAnotherIssuerIsSkipped() {
            PreRegistered other = new PreRegistered("pre-other", null, null, null, "https://other.example.com");

            ClientIdentity client = registrar.resolve(RegistrationRequest.builder(ISSUER,
                            metadata(true, registrationEndpoint()), REDIRECT)
                    .preRegistered(other)
                    .clientMetadataUrl(METADATA_URL)
                    .build());

            assertThat(client).isEqualTo(new MetadataDocument(METADATA_URL, ISSUER));
        }

        @Test
        void issuersAreComparedAsExactStrings() {
            PreRegistered trailingSlash = new PreRegistered("pre-slash", null, null, null, ISSUER + "/");
            server.enqueueJson(201, "{\"client_id\":\"dyn-1\"}");

            ClientIdentity client = registrar.resolve(RegistrationRequest.builder(ISSUER,
                            metadata(false, registrationEndpoint()), REDIRECT)
                    .preRegistered(trailingSlash)
                    .build());

            assertThat(client).isInstanceOf(DynamicallyRegistered.class);
            assertThat(client.clientId()).isEqualTo("dyn-1");
        }
    }

    @Nested
    class MetadataDocuments {

        @Test
        void areUsedWithoutAnyRequestWhenTheServerSupportsThem() {
            ClientIdentity client = registrar.resolve(RegistrationRequest.builder(ISSUER,
                            metadata(true, registrationEndpoint()), REDIRECT)
                    .clientMetadataUrl(METADATA_URL)
                    .build());

            assertThat(client).isInstanceOfSatisfying(MetadataDocument.class, doc -> {
                assertThat(doc.clientId()).isEqualTo(METADATA_URL);
                assertThat(doc.issuer()).isEqualTo(ISSUER);
                assertThat(doc.authMethod()).isEqualTo(ClientAuthenticationMethod.NONE);
            });
            assertThat(server.requests()).isEmpty();
        }

        @Test
        void inCimdModeWithoutServerSupportFailWithCimdUnsupported() {
            assertThatThrownBy(() -> registrar.resolve(RegistrationRequest.builder(ISSUER,
                            metadata(false, registrationEndpoint()), REDIRECT)
                    .mode(RegistrationMode.CIMD)
                    .clientMetadataUrl(METADATA_URL)
                    .build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CIMD_UNSUPPORTED))
                    .hasMessage("the authorization server `https://auth.example.com` does not advertise "
                            + "`client_id_metadata_document_supported: true` in its metadata. "
                            + ErrorCode.CIMD_UNSUPPORTED.hint());
            assertThat(server.requests()).isEmpty();
        }

        @Test
        void inCimdModeWithoutAUrlFailWithCimdUnsupportedSayingSo() {
            assertThatThrownBy(() -> registrar.resolve(RegistrationRequest.builder(ISSUER,
                            metadata(true, registrationEndpoint()), REDIRECT)
                    .mode(RegistrationMode.CIMD)
                    .build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CIMD_UNSUPPORTED);
                        assertThat(e.detail()).isEqualTo("registration mode `cimd` needs a client metadata URL, and none was given");
                    });
            assertThat(server.requests()).isEmpty();
        }

        @Test
        void countOnlyAJsonBooleanTrueAsSupport() {
            server.enqueueJson(201, "{\"client_id\":\"dyn-1\"}");

            ClientIdentity client = registrar.resolve(RegistrationRequest.builder(ISSUER,
                            metadata("true", registrationEndpoint()), REDIRECT)
                    .clientMetadataUrl(METADATA_URL)
                    .build());

            assertThat(client).isInstanceOf(DynamicallyRegistered.class);
        }

        @Test
        void areCheckedBeforeUse() {
            assertThatThrownBy(() -> registrar.resolve(RegistrationRequest.builder(ISSUER,
                            metadata(true, registrationEndpoint()), REDIRECT)
                    .clientMetadataUrl("http://meta.example.test/client.json")
                    .build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
            assertThat(server.requests()).isEmpty();
        }
    }

    @Nested
    class DynamicRegistration {

        @Test
        void inDcrModeRegistersEvenWhenAMetadataUrlIsGivenAndSupported() throws Exception {
            server.enqueueJson(201, "{\"client_id\":\"dyn-1\",\"redirect_uris\":[\"" + REDIRECT + "\"]}");

            ClientIdentity client = registrar.resolve(RegistrationRequest.builder(ISSUER,
                            metadata(true, registrationEndpoint(), "none", "client_secret_basic"), REDIRECT)
                    .mode(RegistrationMode.DCR)
                    .clientMetadataUrl(METADATA_URL)
                    .clientName("Test Host")
                    .scopes(List.of("mcp:read", "mcp:write"))
                    .build());

            RecordingServer.Recorded request = server.onlyRequest();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/register");
            assertThat(request.header("content-type")).isEqualTo("application/json");
            JsonNode body = json(request.body());
            assertThat(body.get("client_name").asText()).isEqualTo("Test Host");
            assertThat(body.get("redirect_uris").toString()).isEqualTo("[\"" + REDIRECT + "\"]");
            assertThat(body.get("grant_types").toString()).isEqualTo("[\"authorization_code\",\"refresh_token\"]");
            assertThat(body.get("response_types").toString()).isEqualTo("[\"code\"]");
            assertThat(body.get("token_endpoint_auth_method").asText()).isEqualTo("none");
            assertThat(body.get("application_type").asText()).isEqualTo("native");
            assertThat(body.get("scope").asText()).isEqualTo("mcp:read mcp:write");

            assertThat(client).isEqualTo(new DynamicallyRegistered("dyn-1", null, ClientAuthenticationMethod.NONE, ISSUER,
                    List.of(REDIRECT), null));
        }

        @Test
        void describesAWebClientWithoutScopeForANonLoopbackRedirect() throws Exception {
            server.enqueueJson(201, "{\"client_id\":\"dyn-web\"}");

            registrar.resolve(RegistrationRequest.builder(ISSUER, metadata(false, registrationEndpoint()),
                    "https://app.example.com/callback").build());

            JsonNode body = json(server.onlyRequest().body());
            assertThat(body.get("application_type").asText()).isEqualTo("web");
            assertThat(body.has("scope")).isFalse();
            assertThat(body.get("client_name").asText()).isEqualTo(RegistrationRequest.DEFAULT_CLIENT_NAME);
        }

        @Test
        void asksForASecretWhenTheServerDoesNotListNone() throws Exception {
            server.enqueueJson(201, "{\"client_id\":\"dyn-2\",\"client_secret\":\"shh\",\"client_secret_expires_at\":0}");

            ClientIdentity client = registrar.resolve(RegistrationRequest.builder(ISSUER,
                    metadata(false, registrationEndpoint(), "client_secret_post", "private_key_jwt"), REDIRECT).build());

            assertThat(json(server.onlyRequest().body()).get("token_endpoint_auth_method").asText())
                    .isEqualTo("client_secret_post");
            assertThat(client).isInstanceOfSatisfying(DynamicallyRegistered.class, dyn -> {
                assertThat(dyn.authMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_POST);
                assertThat(dyn.secret()).map(Secret::getValue).hasValue("shh");
                assertThat(dyn.secretExpiresAt()).isNull();
            });
        }

        @Test
        void prefersBasicOverPostWhenBothAreListedWithoutNone() throws Exception {
            server.enqueueJson(201, "{\"client_id\":\"dyn-3\",\"client_secret\":\"shh\"}");

            registrar.resolve(RegistrationRequest.builder(ISSUER,
                    metadata(false, registrationEndpoint(), "client_secret_post", "client_secret_basic"), REDIRECT).build());

            assertThat(json(server.onlyRequest().body()).get("token_endpoint_auth_method").asText())
                    .isEqualTo("client_secret_basic");
        }

        @Test
        void takesTheServersAuthMethodAndSecretExpiry() {
            server.enqueueJson(201, "{\"client_id\":\"dyn-4\",\"client_secret\":\"shh\","
                    + "\"token_endpoint_auth_method\":\"client_secret_basic\",\"client_secret_expires_at\":1893456000}");

            ClientIdentity client = registrar.resolve(RegistrationRequest.builder(ISSUER,
                    metadata(false, registrationEndpoint()), REDIRECT).build());

            assertThat(client).isInstanceOfSatisfying(DynamicallyRegistered.class, dyn -> {
                assertThat(dyn.authMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
                assertThat(dyn.secretExpiresAt()).isEqualTo(Instant.ofEpochSecond(1893456000L));
            });
        }

        @Test
        void refusesChangedRedirectUris() {
            server.enqueueJson(201, "{\"client_id\":\"dyn-5\",\"redirect_uris\":[\"https://evil.example/cb\"]}");

            assertThatThrownBy(() -> registrar.resolve(RegistrationRequest.builder(ISSUER,
                    metadata(false, registrationEndpoint()), REDIRECT).build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.REGISTRATION_REJECTED);
                        assertThat(e.detail()).isEqualTo("registration changed the redirect URIs: sent [" + REDIRECT
                                + "], the authorization server `https://auth.example.com` registered [https://evil.example/cb]"
                                + " (RFC 7591 §3.2.1)");
                    });
        }

        @Test
        void reportsARejectionWithTheServersErrorSanitised() {
            server.enqueueJson(400, "{\"error\":\"invalid_redirect_uri\","
                    + "\"error_description\":\"Loopback\\nredirects are not allowed\"}");

            assertThatThrownBy(() -> registrar.resolve(RegistrationRequest.builder(ISSUER,
                    metadata(false, registrationEndpoint()), REDIRECT).build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REGISTRATION_REJECTED))
                    .hasMessage("the registration endpoint `" + registrationEndpoint() + "` refused to register this client"
                            + " (HTTP 400): invalid_redirect_uri (Loopback redirects are not allowed). "
                            + ErrorCode.REGISTRATION_REJECTED.hint());
        }

        @Test
        void capsALongErrorDescription() {
            server.enqueueJson(403, "{\"error\":\"access_denied\",\"error_description\":\"" + "x".repeat(500) + "\"}");

            assertThatThrownBy(() -> registrar.resolve(RegistrationRequest.builder(ISSUER,
                    metadata(false, registrationEndpoint()), REDIRECT).build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.detail())
                            .endsWith("(HTTP 403): access_denied (" + "x".repeat(200) + "…)"));
        }

        @Test
        void reportsARejectionWithoutAnErrorBodyByStatus() {
            server.enqueue(503, "text/html", "<h1>down</h1>");

            assertThatThrownBy(() -> registrar.resolve(RegistrationRequest.builder(ISSUER,
                    metadata(false, registrationEndpoint()), REDIRECT).build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.REGISTRATION_REJECTED);
                        assertThat(e.detail()).isEqualTo("the registration endpoint `" + registrationEndpoint()
                                + "` refused to register this client (HTTP 503)");
                    });
        }

        @Test
        void requiresAClientIdInTheResponse() {
            server.enqueueJson(201, "{\"client_secret\":\"shh\"}");

            assertThatThrownBy(() -> registrar.resolve(RegistrationRequest.builder(ISSUER,
                    metadata(false, registrationEndpoint()), REDIRECT).build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
                        assertThat(e.detail()).isEqualTo("registration response from `" + registrationEndpoint()
                                + "` has no client_id (RFC 7591 §3.2.1)");
                    });
        }

        @Test
        void refusesAPlainHttpRegistrationEndpointOnAnotherHost() {
            assertThatThrownBy(() -> registrar.resolve(RegistrationRequest.builder(ISSUER,
                    metadata(false, URI.create("http://auth.example.com/register")), REDIRECT).build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INSECURE_ENDPOINT));
        }
    }

    @Nested
    class WithNothingToUse {

        @Test
        void autoModeFailsWithNoClientIdentity() {
            assertThatThrownBy(() -> registrar.resolve(RegistrationRequest.builder(ISSUER, metadata(false, null), REDIRECT)
                    .clientMetadataUrl(METADATA_URL)
                    .build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.NO_CLIENT_IDENTITY);
                        assertThat(e.detail()).isEqualTo("the authorization server `https://auth.example.com` does not support"
                                + " Client ID Metadata Documents, and `https://auth.example.com` offers no dynamic client registration");
                        assertThat(e.hint()).contains("client_id");
                    });
        }

        @Test
        void autoModeWithoutABaseSaysNoneWasGiven() {
            assertThatThrownBy(() -> registrar.resolve(RegistrationRequest.builder(ISSUER, metadata(true, null), REDIRECT).build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.NO_CLIENT_IDENTITY);
                        assertThat(e.detail()).startsWith("no client metadata URL base was given, and ");
                    });
        }

        @Test
        void dcrModeFailsWithDcrUnsupported() {
            assertThatThrownBy(() -> registrar.resolve(RegistrationRequest.builder(ISSUER, metadata(true, null), REDIRECT)
                    .mode(RegistrationMode.DCR)
                    .clientMetadataUrl(METADATA_URL)
                    .build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.DCR_UNSUPPORTED);
                        assertThat(e.detail()).isEqualTo("the authorization server `https://auth.example.com` has no"
                                + " registration_endpoint in its metadata (RFC 8414 §2)");
                    });
        }
    }
}

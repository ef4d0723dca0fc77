package dev.mcpoauth.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.login.LoginResult;
import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.registration.RecordingServer;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.testkit.IssuedToken;
import dev.mcpoauth.testkit.TestServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Tokens without a user, against the testkit's authorization server. */
class GrantFlowTest {
    private final InMemoryCredentialStore store = new InMemoryCredentialStore();
    private final GrantFlow flow = GrantFlow.builder().credentialStore(store).build();
    private TestServers servers;

    @AfterEach
    void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Nested
    class ClientCredentialsGrant {
        @Test
        void aClientWithASecretObtainsAndStoresTokensForTheResource() {
            servers = TestServers.builder().preRegisteredClient("reporting", "s3cret").build().start();

            LoginResult result = flow.obtain("reports", servers.mcpUrl(),
                    ClientCredentials.withSecret("reporting", "s3cret"), List.of("mcp:read"));

            IssuedToken issued = servers.issuedTokens().get(0);
            assertThat(issued.clientId()).isEqualTo("reporting");
            assertThat(issued.resource()).isEqualTo(servers.mcpUrl().toString());
            assertThat(issued.scopes()).containsExactly("mcp:read");
            assertThat(store.load(new ServerKey("reports", servers.mcpUrl().toString())).orElseThrow()
                    .tokens().accessToken()).isEqualTo(issued.accessToken());
            assertThat(result.issuer()).isEqualTo(servers.issuer());
        }

        @Test
        void aClientWithAKeyAuthenticatesWithPrivateKeyJwt() throws Exception {
            servers = TestServers.start();
            ECKey key = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
            servers.registerPublicKey("signer", key.toPublicJWK());

            flow.obtain("reports", servers.mcpUrl(), new ClientCredentials(
                    new PreRegistered("signer", null, ClientAuthenticationMethod.PRIVATE_KEY_JWT, key, null), null), null);

            assertThat(servers.issuedTokens()).extracting(IssuedToken::clientId).containsExactly("signer");
            assertThat(servers.requests()).filteredOn(r -> r.path().endsWith("/token")).singleElement()
                    .satisfies(r -> assertThat(r.body()).contains("client_assertion_type="));
        }

        @Test
        void aRejectedGrantStoresNothing() {
            servers = TestServers.builder().preRegisteredClient("reporting", "s3cret").build().start();

            assertThatThrownBy(() -> flow.obtain("reports", servers.mcpUrl(),
                    ClientCredentials.withSecret("reporting", "wrong"), null))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_REJECTED));
            assertThat(store.list()).isEmpty();
        }
    }

    @Nested
    class IdentityAssertionGrant {
        @Test
        void exchangesTheIdTokenAtTheIdentityProviderForTheAuthorizationServerAndResource() {
            servers = TestServers.builder().preRegisteredClient("mcp-client", "s3cret").build().start();
            try (RecordingServer idp = RecordingServer.start()) {
                idp.enqueueJson(200, "{\"access_token\":\"not-a-jwt\",\"issued_token_type\":"
                        + "\"urn:ietf:params:oauth:token-type:id-jag\",\"token_type\":\"N_A\"}");
                IdentityAssertion grant = new IdentityAssertion(
                        new PreRegistered("mcp-client", new com.nimbusds.oauth2.sdk.auth.Secret("s3cret"), null, null, null),
                        idp.uri("/token"), idp.uri("").toString(), PreRegistered.publicClient("idp-client"),
                        () -> "id-token-1", null);

                assertThatThrownBy(() -> flow.obtain("docs", servers.mcpUrl(), grant, null))
                        .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.detail()).isEqualTo(
                                "the JWT bearer assertion is not a signed JWT in compact form (RFC 7523 §2.1)"));

                assertThat(idp.onlyRequest().form()).containsAllEntriesOf(Map.of(
                        "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                        "subject_token", "id-token-1",
                        "requested_token_type", "urn:ietf:params:oauth:token-type:id-jag",
                        "audience", servers.issuer(),
                        "resource", servers.mcpUrl().toString(),
                        "client_id", "idp-client"));
                assertThat(store.list()).isEmpty();
            }
        }
    }
}

package dev.mcpoauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.registration.ClientIdentity;
import dev.mcpoauth.registration.DynamicallyRegistered;
import dev.mcpoauth.registration.MetadataDocument;
import dev.mcpoauth.registration.PreRegistered;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ClientAuthenticationsTest {
    private static final String ISSUER = "https://auth.example.com";
    private static final URI TOKEN = URI.create("https://auth.example.com/oauth/token");
    private static final Secret SECRET = new Secret("s3cret");

    private static PreRegistered withSecret() {
        return new PreRegistered("c", SECRET, null, null, ISSUER);
    }

    @Nested
    class ChoosingTheMethod {

        @Test
        void takesTheIdentitysOwnMethod() {
            ClientIdentity client = new DynamicallyRegistered("c", SECRET, ClientAuthenticationMethod.CLIENT_SECRET_POST,
                    ISSUER, List.of(), null);

            assertThat(ClientAuthentications.chooseMethod(client, List.of("client_secret_basic")))
                    .isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        }

        @Test
        void prefersBasicThenPostThenNoneForASecret() {
            assertThat(ClientAuthentications.chooseMethod(withSecret(), List.of("none", "client_secret_post", "client_secret_basic")))
                    .isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
            assertThat(ClientAuthentications.chooseMethod(withSecret(), List.of("none", "client_secret_post")))
                    .isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_POST);
            assertThat(ClientAuthentications.chooseMethod(withSecret(), List.of("none")))
                    .isEqualTo(ClientAuthenticationMethod.NONE);
        }

        @Test
        void usesTheRfc8414DefaultForASecretWhenTheServerSaysNothing() {
            assertThat(ClientAuthentications.chooseMethod(withSecret(), List.of()))
                    .isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
            assertThat(ClientAuthentications.chooseMethod(withSecret(), null))
                    .isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        }

        @Test
        void usesNoneWithoutASecretOrKey() {
            assertThat(ClientAuthentications.chooseMethod(PreRegistered.publicClient("c"), List.of("client_secret_basic")))
                    .isEqualTo(ClientAuthenticationMethod.NONE);
        }

        @Test
        void usesPrivateKeyJwtForAConfiguredKeyUnlessTheServerListsMethodsWithoutIt() throws Exception {
            RSAKey key = new RSAKeyGenerator(2048).generate();
            PreRegistered client = new PreRegistered("c", SECRET, null, key, ISSUER);

            assertThat(ClientAuthentications.chooseMethod(client, List.of("private_key_jwt", "client_secret_basic")))
                    .isEqualTo(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
            assertThat(ClientAuthentications.chooseMethod(client, List.of("client_secret_post")))
                    .isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        }
    }

    @Nested
    class Building {

        @Test
        void noneIsNull() {
            assertThat(ClientAuthentications.forClient(new MetadataDocument("https://m.example/c.json", ISSUER), TOKEN, ISSUER,
                    List.of())).isNull();
        }

        @Test
        void secretsBecomeBasicOrPost() {
            assertThat(ClientAuthentications.forClient(withSecret(), TOKEN, ISSUER, List.of())).isInstanceOf(ClientSecretBasic.class);
            assertThat(ClientAuthentications.forClient(withSecret(), TOKEN, ISSUER, List.of("client_secret_post")))
                    .isInstanceOf(ClientSecretPost.class);
        }

        @Test
        void addressesClientAssertionsToTheIssuer() throws Exception {
            RSAKey key = new RSAKeyGenerator(2048).generate();
            PreRegistered client = new PreRegistered("c", null, ClientAuthenticationMethod.PRIVATE_KEY_JWT, key, ISSUER);

            PrivateKeyJWT jwt = (PrivateKeyJWT) ClientAuthentications.forClient(client, TOKEN, ISSUER, List.of());

            assertThat(jwt.getJWTAuthenticationClaimsSet().getAudience()).extracting(Object::toString).containsExactly(ISSUER);
        }

        @Test
        void refusesAMethodThatNeedsASecretTheClientLacks() {
            PreRegistered client = new PreRegistered("c", null, ClientAuthenticationMethod.CLIENT_SECRET_BASIC, null, ISSUER);

            assertThatThrownBy(() -> ClientAuthentications.forClient(client, TOKEN, ISSUER, List.of()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.detail()).isEqualTo("the client `c` uses client_secret_basic but has no client secret");
                    });
        }

        @Test
        void refusesPrivateKeyJwtWithAPublicKey() throws Exception {
            RSAKey key = new RSAKeyGenerator(2048).generate().toPublicJWK();
            PreRegistered client = new PreRegistered("c", null, ClientAuthenticationMethod.PRIVATE_KEY_JWT, key, ISSUER);

            assertThatThrownBy(() -> ClientAuthentications.forClient(client, TOKEN, ISSUER, List.of()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.detail())
                            .isEqualTo("the signing key of client `c` is a public key; private_key_jwt needs the private key (RFC 7523 §2.2)"));
        }

        @Test
        void refusesKeyTypesItCannotSignWith() throws Exception {
            PreRegistered client = new PreRegistered("c", null, ClientAuthenticationMethod.PRIVATE_KEY_JWT,
                    new OctetSequenceKeyGenerator(256).generate(), ISSUER);

            assertThatThrownBy(() -> ClientAuthentications.forClient(client, TOKEN, ISSUER, List.of()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.detail()).isEqualTo(
                            "the signing key of client `c` has key type oct; private_key_jwt here supports RSA (RS256)"
                                    + " and EC (ES256, ES384, ES512)"));
        }

        @Test
        void refusesMethodsItDoesNotImplement() {
            PreRegistered client = new PreRegistered("c", SECRET, ClientAuthenticationMethod.TLS_CLIENT_AUTH, null, ISSUER);

            assertThatThrownBy(() -> ClientAuthentications.forClient(client, TOKEN, ISSUER, List.of()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.detail())
                            .isEqualTo("the client `c` uses token_endpoint_auth_method `tls_client_auth`, which mcp-oauth does not support"));
        }
    }
}

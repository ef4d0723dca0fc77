package dev.mcpoauth.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientIdentityTest {
    private static final String ISSUER = "https://auth.example.com";

    @Test
    void preRegisteredToStringShowsNeitherSecretNorKey() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        PreRegistered client = new PreRegistered("client-1", new Secret("top-secret-value"),
                ClientAuthenticationMethod.PRIVATE_KEY_JWT, key, ISSUER);

        assertThat(client.toString())
                .isEqualTo("PreRegistered[clientId=client-1, clientSecret=***, authMethod=private_key_jwt, "
                        + "signingJwk=***, issuer=https://auth.example.com]")
                .doesNotContain("top-secret-value")
                .doesNotContain(key.getPrivateExponent().toString());
    }

    @Test
    void dynamicallyRegisteredToStringHidesTheSecret() {
        DynamicallyRegistered client = new DynamicallyRegistered("dyn-1", new Secret("dyn-secret-value"),
                ClientAuthenticationMethod.CLIENT_SECRET_POST, ISSUER, List.of("http://127.0.0.1:1/cb"), null);

        assertThat(client.toString()).doesNotContain("dyn-secret-value").contains("clientSecret=***")
                .contains("secretExpiresAt=never");
    }

    @Test
    void exposesSecretsAndKeysOnlyThroughOptionals() {
        PreRegistered client = PreRegistered.publicClient("pub");

        assertThat(client.secret()).isEmpty();
        assertThat(client.signingKey()).isEmpty();
        assertThat(client.authMethod()).isNull();
        assertThat(client.issuer()).isNull();
    }

    @Test
    void aMetadataDocumentClientAuthenticatesWithNone() {
        MetadataDocument client = new MetadataDocument("https://meta.example.test/c/client.json", ISSUER);

        assertThat(client.authMethod()).isEqualTo(ClientAuthenticationMethod.NONE);
        assertThat(client.secret()).isEmpty();
        assertThat(client.signingKey()).isEmpty();
    }

    @Test
    void aRegisteredClientWithoutAMethodDefaultsByWhetherItHasASecret() {
        assertThat(new DynamicallyRegistered("a", new Secret("s"), null, ISSUER, null, null).authMethod())
                .isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        assertThat(new DynamicallyRegistered("b", null, null, ISSUER, null, null).authMethod())
                .isEqualTo(ClientAuthenticationMethod.NONE);
    }

    @Test
    void aSecretExpiresAtItsInstantAndNotBefore() {
        Instant expiry = Instant.parse("2026-01-01T00:00:00Z");
        DynamicallyRegistered client = new DynamicallyRegistered("a", new Secret("s"), null, ISSUER, null, expiry);

        assertThat(client.secretExpired(expiry.minusSeconds(1))).isFalse();
        assertThat(client.secretExpired(expiry)).isTrue();
    }

    @Test
    void isUsableOnlyWithItsOwnIssuerByExactString() {
        PreRegistered bound = new PreRegistered("c", null, null, null, ISSUER);

        assertThat(bound.isUsableWith(ISSUER)).isTrue();
        assertThat(bound.isUsableWith(ISSUER + "/")).isFalse();
        assertThat(PreRegistered.publicClient("c").isUsableWith("https://any.example")).isTrue();
    }

    @Test
    void aBlankPreRegisteredClientIdIsRefused() {
        assertThatThrownBy(() -> PreRegistered.publicClient(" "))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }
}

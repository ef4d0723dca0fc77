package dev.mcpoauth.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.authorize.CallbackId;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.registration.ClientMetadataUrls;
import dev.mcpoauth.store.InMemoryCredentialStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A {@code clientMetadataUrlBase} (the seed's parameter, which a UI client passes) that would make
 * the client identify itself with a URL nobody should trust. Refused before any request.
 */
class ClientMetadataUrlBaseTest {
    private final InMemoryCredentialStore store = new InMemoryCredentialStore();
    private final LoginFlow flow = LoginFlow.builder().credentialStore(store).build();
    private final HostileWorld world = new HostileWorld();

    @AfterEach
    void close() {
        world.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://meta.example.test/oauth|it must use https (plain http only for a loopback host)",
            "https://user:pass@meta.example.test/oauth|userinfo is not allowed",
            "https://meta.example.test/oauth?variant=one|query is not allowed",
            "https://meta.example.test/oauth?|query is not allowed",
            "https://meta.example.test/oauth#fragment|fragment is not allowed",
            "https://meta.example.test/oauth#|fragment is not allowed",
            "http://127.evil.test/oauth|it must use https (plain http only for a loopback host)"})
    void isRefusedBeforeAnyRequest(String base, String why) {
        try {
            flow.start(world.request().clientMetadataUrlBase(base).build()).close();
            throw new AssertionError("the login started");
        } catch (McpOAuthException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.detail()).isEqualTo("invalid MCP OAuth client metadata URL base `" + base + "`: " + why);
        }
        assertThat(world.log).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void withoutAPathIsAcceptedBecauseTheBuiltUrlAlwaysHasOne() {
        ClientMetadataUrls.validateBase("https://meta.example.test");
        String url = ClientMetadataUrls.callbackScoped("https://meta.example.test", new CallbackId("8t06V3nLEwB8"),
                "http://127.0.0.1:55000/callback/8t06V3nLEwB8");
        assertThat(url).isEqualTo("https://meta.example.test/8t06V3nLEwB8/client.json"
                + "?redirect_uri=http%3A%2F%2F127.0.0.1%3A55000%2Fcallback%2F8t06V3nLEwB8");
        ClientMetadataUrls.validateFixedUrl(url);
    }

    @Test
    void thatIsLoopbackHttpIsAllowedForLocalDevelopment() {
        ClientMetadataUrls.validateBase("http://127.0.0.1:8080/oauth");
        ClientMetadataUrls.validateBase("http://localhost:8080/oauth");
    }
}

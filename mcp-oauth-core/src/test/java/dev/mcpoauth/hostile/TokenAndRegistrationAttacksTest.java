package dev.mcpoauth.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.PendingLogin;
import dev.mcpoauth.store.InMemoryCredentialStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Token and registration endpoints that answer with something the client must not accept. */
class TokenAndRegistrationAttacksTest {
    private final InMemoryCredentialStore store = new InMemoryCredentialStore();
    private final LoginFlow flow = LoginFlow.builder().credentialStore(store).build();
    private final HostileWorld world = new HostileWorld();

    @AfterEach
    void close() {
        world.close();
    }

    private McpOAuthException loginFails() {
        try (PendingLogin login = flow.start(world.request().build())) {
            HostileWorld.approve(login);
            McpOAuthException e = HostileWorld.failureOf(login);
            assertThat(store.list()).as("nothing stored").isEmpty();
            world.assertSecretsStayedHome(seen -> seen.path().equals("/token"));
            return e;
        }
    }

    @Nested
    class ATokenResponse {
        @ParameterizedTest(name = "token_type {0} is refused")
        @NullSource
        @ValueSource(strings = {"mac", "N_A", "DPoP", ""})
        void withoutABearerTokenTypeIsRefused(String tokenType) {
            world.token = HostileSite.json(HostileWorld.tokenJson(tokenType));
            McpOAuthException e = loginFails();
            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
            assertThat(e.detail()).isEqualTo(tokenType == null
                    ? "token response has no token_type; only Bearer is supported (RFC 6749 §5.1)"
                    : "token response has token_type `" + tokenType + "`; only Bearer is supported");
            assertThat(e.getMessage()).doesNotContain(HostileWorld.ACCESS_TOKEN).doesNotContain(HostileWorld.REFRESH_TOKEN);
        }

        @Test
        void thatEchoesTheTokenAsItsTypeDoesNotPrintIt() {
            world.token = HostileSite.json(HostileWorld.tokenJson(HostileWorld.ACCESS_TOKEN));
            McpOAuthException e = loginFails();
            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
            assertThat(e.getMessage()).doesNotContain(HostileWorld.ACCESS_TOKEN);
        }

        @Test
        void withoutAnAccessTokenIsRefused() {
            ObjectNode body = Json.MAPPER.createObjectNode().put("token_type", "Bearer").put("expires_in", 60);
            world.token = HostileSite.json(body.toString());
            assertThat(loginFails().code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
        }
    }

    @Nested
    class ARegistrationResponse {
        @Test
        void withOtherRedirectUrisIsRefusedBeforeTheBrowserIsSent() {
            world.registration = request -> {
                ObjectNode answer = Json.MAPPER.createObjectNode().put("client_id", "client-1")
                        .put("token_endpoint_auth_method", "none");
                answer.putArray("redirect_uris").add("https://evil.example/steal");
                return answer.toString();
            };
            try {
                flow.start(world.request().build()).close();
                throw new AssertionError("the login started");
            } catch (McpOAuthException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.REGISTRATION_REJECTED);
                assertThat(e.detail()).matches("registration changed the redirect URIs: sent \\[http://127\\.0\\.0\\.1:\\d+/callback/"
                        + "[A-Za-z0-9_-]{12}\\], the authorization server `" + world.as.origin().replace(".", "\\.")
                        + "` registered \\[https://evil\\.example/steal\\] \\(RFC 7591 §3\\.2\\.1\\)");
            }
            assertThat(world.authorizations).hasValue(0);
            assertThat(world.paths(world.as)).doesNotContain("POST /token");
            assertThat(store.list()).isEmpty();
        }

        @Test
        void withAnAddedRedirectUriIsRefusedToo() {
            world.registration = request -> {
                ObjectNode answer = Json.MAPPER.createObjectNode().put("client_id", "client-1");
                answer.putArray("redirect_uris").add(request.get("redirect_uris").get(0).asText())
                        .add("https://evil.example/steal");
                return answer.toString();
            };
            try {
                flow.start(world.request().build()).close();
                throw new AssertionError("the login started");
            } catch (McpOAuthException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.REGISTRATION_REJECTED);
            }
            assertThat(world.authorizations).hasValue(0);
        }
    }
}

package dev.mcpoauth.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.config.AuthStatusCheck.Reason;
import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.token.Tokens;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The auth status order of SPEC-NOTES §1, as far as config, environment and store decide it. */
class AuthStatusCheckTest {
    private static final String URL = "https://mcp.example.com/mcp";
    private final InMemoryCredentialStore store = new InMemoryCredentialStore();
    private final List<ServerKey> lookups = new ArrayList<>();

    private static ServerConfig server(String entry) {
        return McpOAuthConfig.parse("[mcp_servers.docs]\n" + entry, Path.of("config.toml")).server("docs").orElseThrow();
    }

    private Optional<AuthStatusCheck> check(String entry, Map<String, String> env) {
        return AuthStatusCheck.withoutNetwork(server(entry), env, key -> {
            lookups.add(key);
            return store.load(key);
        });
    }

    private void storeCredentials() {
        store.save(new StoredCredentials(new ServerKey("docs", URL), "https://auth.example.com", URL,
                URI.create("https://auth.example.com/token"), PreRegistered.publicClient("client"),
                new Tokens("at", "Bearer", "rt", Instant.parse("2030-01-01T00:00:00Z"), Set.of("mcp:read")),
                Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void aStdioServerIsUnsupported() {
        assertThat(check("command = \"docs-mcp\"\n", Map.of()))
                .contains(new AuthStatusCheck(AuthStatus.UNSUPPORTED, Reason.NOT_HTTP, null));
        assertThat(lookups).isEmpty();
    }

    @Nested
    class ABearerToken {
        @Test
        void fromBearerTokenEnvVarCountsWhetherOrNotTheVariableIsSet() {
            String entry = "url = \"" + URL + "\"\nbearer_token_env_var = \"DOCS_TOKEN\"\n";
            AuthStatusCheck expected = new AuthStatusCheck(AuthStatus.BEARER_TOKEN, Reason.BEARER_TOKEN_ENV_VAR, null);
            assertThat(check(entry, Map.of("DOCS_TOKEN", "t"))).contains(expected);
            assertThat(check(entry, Map.of())).contains(expected);
        }

        @Test
        void fromAStaticAuthorizationHeaderInAnyCase() {
            assertThat(check("url = \"" + URL + "\"\nhttp_headers = { \"authorization\" = \"Bearer t\" }\n", Map.of()))
                    .contains(new AuthStatusCheck(AuthStatus.BEARER_TOKEN, Reason.AUTHORIZATION_HEADER, null));
        }

        @Test
        void fromAnEnvironmentAuthorizationHeaderWhoseVariableIsSet() {
            assertThat(check("url = \"" + URL + "\"\nenv_http_headers = { \"Authorization\" = \"DOCS_AUTH\" }\n",
                    Map.of("DOCS_AUTH", "Bearer t")))
                    .contains(new AuthStatusCheck(AuthStatus.BEARER_TOKEN, Reason.AUTHORIZATION_HEADER, null));
        }

        @Test
        void notFromAnEnvironmentAuthorizationHeaderWhoseVariableIsUnsetOrEmpty() {
            String entry = "url = \"" + URL + "\"\nenv_http_headers = { \"Authorization\" = \"DOCS_AUTH\" }\n";
            assertThat(check(entry, Map.of())).isEmpty();
            assertThat(check(entry, Map.of("DOCS_AUTH", ""))).isEmpty();
            storeCredentials();
            assertThat(check(entry, Map.of())).map(AuthStatusCheck::status).contains(AuthStatus.OAUTH);
        }

        @Test
        void winsOverStoredCredentials() {
            storeCredentials();
            assertThat(check("url = \"" + URL + "\"\nbearer_token_env_var = \"DOCS_TOKEN\"\n", Map.of()))
                    .map(AuthStatusCheck::status).contains(AuthStatus.BEARER_TOKEN);
            assertThat(lookups).isEmpty();
        }
    }

    @Test
    void storedCredentialsForTheNameAndUrlAreOAuth() {
        storeCredentials();
        AuthStatusCheck check = check("url = \"" + URL + "\"\n", Map.of()).orElseThrow();
        assertThat(check.status()).isEqualTo(AuthStatus.OAUTH);
        assertThat(check.reason()).isEqualTo(Reason.STORED_CREDENTIALS);
        assertThat(check.credentials().tokens().accessToken()).isEqualTo("at");
        assertThat(lookups).containsExactly(new ServerKey("docs", URL));
    }

    @Test
    void credentialsStoredUnderAnotherUrlDoNotCount() {
        storeCredentials();
        assertThat(check("url = \"https://mcp.example.com/other\"\n", Map.of())).isEmpty();
    }

    @Test
    void leavesTheRestToDiscovery() {
        assertThat(check("url = \"" + URL + "\"\n", Map.of())).isEmpty();
        assertThat(AuthStatus.afterDiscovery(true)).isEqualTo(AuthStatus.NOT_LOGGED_IN);
        assertThat(AuthStatus.afterDiscovery(false)).isEqualTo(AuthStatus.UNSUPPORTED);
    }

    @Test
    void usesTheReferenceWireNames() {
        assertThat(List.of(AuthStatus.values()).stream().map(AuthStatus::wireName))
                .containsExactly("bearerToken", "oAuth", "notLoggedIn", "unsupported");
    }
}

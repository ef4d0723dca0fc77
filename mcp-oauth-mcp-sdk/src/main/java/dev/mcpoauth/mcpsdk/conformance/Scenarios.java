package dev.mcpoauth.mcpsdk.conformance;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.dpop.DPoPProofs;
import dev.mcpoauth.grant.ClientCredentials;
import dev.mcpoauth.grant.Grant;
import dev.mcpoauth.grant.IdentityAssertion;
import dev.mcpoauth.grant.JwtBearer;
import dev.mcpoauth.registration.PrivateKeys;
import java.net.URI;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.mcpsdk.LoginInteraction;
import dev.mcpoauth.mcpsdk.McpOAuth;
import dev.mcpoauth.mcpsdk.McpOAuthTransports;
import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.store.InMemoryCredentialStore;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/** What the client does per scenario. */
final class Scenarios {
    /** The whole login, discovery to tokens; the suite's authorization server answers at once. */
    static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(12);
    static final String TOOL = "test-tool";

    /** One scenario's behaviour. */
    @FunctionalInterface
    interface Scenario {
        void run(ScenarioRun run);
    }

    private Scenarios() {
    }

    static Scenario forName(String name) {
        switch (name) {
            case "auth/pre-registration":
                return run -> authorizationCode(run, oauth -> { }, login -> login.preRegistered(new PreRegistered(
                        run.context().require("client_id"), new Secret(run.context().require("client_secret")),
                        null, null, null)));
            case "auth/dpop":
            case "auth/dpop-nonce":
                return run -> authorizationCode(run, oauth -> oauth.dpop(DPoPProofs.generate()), Scenarios::cimd);
            case "auth/client-credentials-basic":
                return run -> withGrant(run, ClientCredentials.withSecret(
                        run.context().require("client_id"), run.context().require("client_secret")));
            case "auth/client-credentials-jwt":
                return run -> withGrant(run, new ClientCredentials(new PreRegistered(run.context().require("client_id"),
                        null, ClientAuthenticationMethod.PRIVATE_KEY_JWT,
                        PrivateKeys.parsePem(run.context().require("private_key_pem")), null), null));
            case "auth/wif-jwt-bearer":
                return run -> withGrant(run, JwtBearer.publicClient(run.context().require("client_id"),
                        () -> run.context().require("valid_jwt")));
            case "auth/cross-app-access-complete-flow":
            case "auth/enterprise-managed-authorization":
                return run -> withGrant(run, new IdentityAssertion(
                        new PreRegistered(run.context().require("client_id"),
                                new Secret(run.context().require("client_secret")), null, null, null),
                        URI.create(run.context().require("idp_token_endpoint")), run.context().require("idp_issuer"),
                        PreRegistered.publicClient(run.context().require("idp_client_id")),
                        () -> run.context().require("idp_id_token"), null));
            default:
                if (name.startsWith("auth/")) {
                    return run -> authorizationCode(run, oauth -> { }, Scenarios::cimd);
                }
                throw ConformanceClient.unknownScenario(name);
        }
    }

    /** Offers the suite's Client ID Metadata Document URL, used where the server supports CIMD. */
    private static void cimd(LoginRequest.Builder login) {
        login.clientMetadataUrl(ConformanceClient.CLIENT_METADATA_URL);
    }

    /** A client without a user: obtain tokens by the grant on the first 401, list tools, call one. */
    static void withGrant(ScenarioRun run, Grant grant) {
        McpOAuth oauth = McpOAuth.builder("conformance")
                .credentialStore(new InMemoryCredentialStore())
                .loginInteraction(LoginInteraction.NONE)
                .grant(grant)
                .build();
        try (McpConnection connection = McpConnection.open(
                McpOAuthTransports.streamableHttp(run.serverUrl(), oauth), run.protocolVersion())) {
            connection.listTools();
            connection.callTool(TOOL, Map.of());
        }
    }

    /** A user's client: log in on the first 401 (authorization code + PKCE), list tools, call one. */
    static void authorizationCode(ScenarioRun run, Consumer<McpOAuth.Builder> settings,
                                  Consumer<LoginRequest.Builder> options) {
        McpOAuth.Builder builder = McpOAuth.builder("conformance")
                .credentialStore(new InMemoryCredentialStore())
                .loginInteraction(LoginInteraction.headless())
                .loginOptions(login -> {
                    login.timeout(LOGIN_TIMEOUT).clientName(ConformanceClient.CLIENT_NAME);
                    options.accept(login);
                });
        settings.accept(builder);
        McpOAuth oauth = builder.build();
        try (McpConnection connection = McpConnection.open(
                McpOAuthTransports.streamableHttp(run.serverUrl(), oauth), run.protocolVersion())) {
            connection.listTools();
            connection.callTool(TOOL, Map.of());
        }
    }
}

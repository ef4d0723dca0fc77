package dev.mcpoauth.appserver;

import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.appserver.protocol.ClientRegistration;
import dev.mcpoauth.appserver.protocol.McpServerOauthLoginParams;
import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.registration.PreRegistered;
import java.time.Duration;
import java.util.Map;

/**
 * Turns {@code mcpServer/oauth/login} params and the server's {@code config.toml} entry into a core
 * {@link LoginRequest}, with the reference host's precedence: scopes from the params, else the
 * configured {@code scopes} (an explicit empty list counts), else the discovered ones; callback port
 * and URL from the top-level config; a pre-registered client from {@code [mcp_servers.NAME.oauth]};
 * {@code http_headers} plus {@code env_http_headers}; {@code oauth_resource}.
 */
final class LoginRequests {
    private LoginRequests() {
    }

    /**
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} when the configured client secret's
     *     environment variable is not set
     */
    static LoginRequest build(McpServerOauthLoginParams params, ServerConfig server, McpOAuthConfig config,
                              Map<String, String> environment) {
        LoginRequest.Builder request = LoginRequest.builder(server.name(), server.url())
                .scopes(params.scopes() != null ? params.scopes() : server.scopes())
                .clientMetadataUrlBase(params.clientMetadataUrlBase())
                .registrationMode((params.clientRegistration() == null ? ClientRegistration.AUTO
                        : params.clientRegistration()).mode())
                .oauthResource(server.oauthResource())
                .callbackPort(config.callbackPort())
                .callbackUrl(config.callbackUrl())
                .httpHeaders(server.resolvedHeaders(environment));
        if (params.timeoutSecs() != null) {
            request.timeout(Duration.ofSeconds(params.timeoutSecs()));
        }
        if (server.clientId() != null) {
            request.preRegistered(preRegistered(server, environment));
        }
        return request.build();
    }

    private static PreRegistered preRegistered(ServerConfig server, Map<String, String> environment) {
        Secret secret = null;
        if (server.clientSecretEnv() != null) {
            String value = environment.get(server.clientSecretEnv());
            if (value == null || value.isEmpty()) {
                throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                        "the environment variable `" + server.clientSecretEnv() + "` named by `mcp_servers."
                                + server.name() + ".oauth.client_secret_env` is not set",
                        "Set it in the app server's environment, or remove client_secret_env for a public client.", null);
            }
            secret = new Secret(value);
        }
        return new PreRegistered(server.clientId(), secret, null, null, null);
    }
}

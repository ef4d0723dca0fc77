package dev.mcpoauth.appserver;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.appserver.protocol.ClientRegistration;
import dev.mcpoauth.appserver.protocol.McpServerOauthLoginParams;
import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.config.ServerLogins;
import dev.mcpoauth.login.LoginRequest;
import java.time.Duration;
import java.util.Map;

/**
 * Turns {@code mcpServer/oauth/login} params and the server's {@code config.toml} entry into a core
 * {@link LoginRequest}: the config part is the core's {@link ServerLogins} (the same as the CLI's
 * {@code login}); the params then override it: {@code scopes} (absent: the configured ones, else the
 * discovered ones), {@code clientMetadataUrlBase}, {@code clientRegistration}, {@code timeoutSecs}.
 */
final class LoginRequests {
    /** What to do about an unset {@code client_secret_env} variable, from the app server's point of view. */
    static final String MISSING_SECRET_HINT =
            "Set it in the app server's environment, or remove client_secret_env for a public client.";

    private LoginRequests() {
    }

    /**
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} when the configured client secret's
     *     environment variable is not set
     */
    static LoginRequest build(McpServerOauthLoginParams params, ServerConfig server, McpOAuthConfig config,
                              Map<String, String> environment) {
        LoginRequest.Builder request;
        try {
            request = ServerLogins.request(server, config, environment);
        } catch (McpOAuthException e) {
            throw new McpOAuthException(e.code(), e.detail(), MISSING_SECRET_HINT, null);
        }
        if (params.scopes() != null) {
            request.scopes(params.scopes());
        }
        request.clientMetadataUrlBase(params.clientMetadataUrlBase())
                .registrationMode((params.clientRegistration() == null ? ClientRegistration.AUTO
                        : params.clientRegistration()).mode());
        if (params.timeoutSecs() != null) {
            request.timeout(Duration.ofSeconds(params.timeoutSecs()));
        }
        return request.build();
    }
}

package dev.mcpoauth.appserver;

import dev.mcpoauth.appserver.protocol.McpAuthStatus;
import dev.mcpoauth.appserver.protocol.McpServerStatus;
import dev.mcpoauth.config.AuthStatus;
import dev.mcpoauth.config.AuthStatusCheck;
import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.store.CredentialStore;
import java.util.Map;

/**
 * A configured server's {@code authStatus}, decided by the core's rules (the reference host's order,
 * {@link AuthStatusCheck}, the same as the CLI's {@code list}): not HTTP -> {@code unsupported};
 * {@code bearer_token_env_var} or an {@code Authorization} header that is sent -> {@code bearerToken};
 * stored OAuth credentials -> {@code oAuth}; discovery finds an authorization server ->
 * {@code notLoggedIn}; otherwise {@code unsupported}.
 */
final class AuthStatuses {
    private final CredentialStore store;
    private final OAuthProbe probe;
    private final Map<String, String> environment;

    AuthStatuses(CredentialStore store, OAuthProbe probe, Map<String, String> environment) {
        this.store = store;
        this.probe = probe;
        this.environment = environment;
    }

    /**
     * Blocks for discovery when neither a bearer token nor stored credentials decide it; the probe
     * follows {@code config}'s {@code mcp_oauth_allow_private_addresses}.
     */
    McpServerStatus of(ServerConfig server, McpOAuthConfig config) {
        AuthStatus status = AuthStatusCheck.withoutNetwork(server, environment, store::load)
                .map(AuthStatusCheck::status)
                .orElseGet(() -> AuthStatus.afterDiscovery(probe.advertisesOAuth(server,
                        server.resolvedHeaders(environment), config.allowPrivateAddresses())));
        return new McpServerStatus(server.name(), wire(status), server.isHttp() ? server.url().toString() : null);
    }

    private static McpAuthStatus wire(AuthStatus status) {
        return switch (status) {
            case BEARER_TOKEN -> McpAuthStatus.BEARER_TOKEN;
            case OAUTH -> McpAuthStatus.O_AUTH;
            case NOT_LOGGED_IN -> McpAuthStatus.NOT_LOGGED_IN;
            case UNSUPPORTED -> McpAuthStatus.UNSUPPORTED;
        };
    }
}

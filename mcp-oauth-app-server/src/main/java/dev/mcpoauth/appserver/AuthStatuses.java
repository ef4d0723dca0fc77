package dev.mcpoauth.appserver;

import dev.mcpoauth.appserver.protocol.McpAuthStatus;
import dev.mcpoauth.appserver.protocol.McpServerStatus;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.store.CredentialStore;
import dev.mcpoauth.store.ServerKey;
import java.util.Locale;
import java.util.Map;

/**
 * A configured server's {@code authStatus}, decided in the reference host's order: not HTTP ->
 * {@code unsupported}; a bearer token env var or an {@code Authorization} header -> {@code bearerToken};
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

    /** Blocks for discovery when neither a bearer token nor stored credentials decide it. */
    McpServerStatus of(ServerConfig server) {
        return new McpServerStatus(server.name(), status(server), server.isHttp() ? server.url().toString() : null);
    }

    private McpAuthStatus status(ServerConfig server) {
        if (!server.isHttp()) {
            return McpAuthStatus.UNSUPPORTED;
        }
        if (server.bearerTokenEnvVar() != null || hasAuthorizationHeader(server)) {
            return McpAuthStatus.BEARER_TOKEN;
        }
        if (store.load(new ServerKey(server.name(), server.url().toString())).isPresent()) {
            return McpAuthStatus.O_AUTH;
        }
        return probe.advertisesOAuth(server, server.resolvedHeaders(environment))
                ? McpAuthStatus.NOT_LOGGED_IN : McpAuthStatus.UNSUPPORTED;
    }

    private static boolean hasAuthorizationHeader(ServerConfig server) {
        return server.httpHeaders().keySet().stream().anyMatch(AuthStatuses::isAuthorization)
                || server.envHttpHeaders().keySet().stream().anyMatch(AuthStatuses::isAuthorization);
    }

    private static boolean isAuthorization(String header) {
        return header.toLowerCase(Locale.ROOT).equals("authorization");
    }
}

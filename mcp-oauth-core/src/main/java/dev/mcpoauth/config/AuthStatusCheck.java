package dev.mcpoauth.config;

import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A server's {@link AuthStatus} as far as its {@code config.toml} entry, the environment and the
 * credential store decide it, without any network, in the reference host's order:
 * <ol>
 *   <li>a stdio server ({@code command}): {@link AuthStatus#UNSUPPORTED};</li>
 *   <li>{@code bearer_token_env_var} names a variable (set or not: the server is configured for a
 *       static token): {@link AuthStatus#BEARER_TOKEN};</li>
 *   <li>an {@code Authorization} header (any case) among the headers actually sent
 *       ({@link ServerConfig#resolvedHeaders}: {@code http_headers}, plus each {@code env_http_headers}
 *       entry whose variable is set and not empty; an unset variable means no header):
 *       {@link AuthStatus#BEARER_TOKEN};</li>
 *   <li>credentials stored for the server's name and URL: {@link AuthStatus#OAUTH}.</li>
 * </ol>
 * Otherwise only discovery can tell ({@link AuthStatus#afterDiscovery}).
 *
 * <pre>{@code
 * Optional<AuthStatusCheck> check = AuthStatusCheck.withoutNetwork(server, System.getenv(), store::load);
 * if (check.isEmpty()) {
 *     // probe: new AuthorizationDiscovery(http).discover(server.url(), ...)
 * }
 * }</pre>
 *
 * @param status      the status decided
 * @param reason      which rule decided it
 * @param credentials the stored credentials when {@code reason} is {@link Reason#STORED_CREDENTIALS},
 *                    else {@code null}
 */
public record AuthStatusCheck(AuthStatus status, Reason reason, StoredCredentials credentials) {

    /** Which rule decided a status. */
    public enum Reason {
        /** Not a streamable HTTP server. */
        NOT_HTTP,
        /** {@code bearer_token_env_var} is configured. */
        BEARER_TOKEN_ENV_VAR,
        /** An {@code Authorization} header is sent. */
        AUTHORIZATION_HEADER,
        /** OAuth credentials are stored. */
        STORED_CREDENTIALS
    }

    public AuthStatusCheck {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Decides the status without the network, or empty when only discovery can.
     *
     * @param environment       the environment {@code env_http_headers} read from
     * @param storedCredentials the store lookup ({@code store::load}); called only when the first three
     *                          rules do not apply
     */
    public static Optional<AuthStatusCheck> withoutNetwork(ServerConfig server, Map<String, String> environment,
                                                           Function<ServerKey, Optional<StoredCredentials>> storedCredentials) {
        Objects.requireNonNull(server, "server");
        if (!server.isHttp()) {
            return Optional.of(new AuthStatusCheck(AuthStatus.UNSUPPORTED, Reason.NOT_HTTP, null));
        }
        if (hasBearerTokenEnvVar(server)) {
            return Optional.of(new AuthStatusCheck(AuthStatus.BEARER_TOKEN, Reason.BEARER_TOKEN_ENV_VAR, null));
        }
        if (sendsAuthorizationHeader(server, environment)) {
            return Optional.of(new AuthStatusCheck(AuthStatus.BEARER_TOKEN, Reason.AUTHORIZATION_HEADER, null));
        }
        return storedCredentials.apply(ServerLogins.key(server))
                .map(credentials -> new AuthStatusCheck(AuthStatus.OAUTH, Reason.STORED_CREDENTIALS, credentials));
    }

    /** Whether {@code bearer_token_env_var} names a variable (blank counts as absent). */
    public static boolean hasBearerTokenEnvVar(ServerConfig server) {
        return server.bearerTokenEnvVar() != null && !server.bearerTokenEnvVar().isBlank();
    }

    /**
     * Whether the headers actually sent carry {@code Authorization}: a static one, or an environment
     * one whose variable is set and not empty.
     */
    public static boolean sendsAuthorizationHeader(ServerConfig server, Map<String, String> environment) {
        return server.resolvedHeaders(environment).keySet().stream()
                .anyMatch(header -> header.equalsIgnoreCase("Authorization"));
    }
}

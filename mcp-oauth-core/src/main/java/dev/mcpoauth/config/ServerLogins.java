package dev.mcpoauth.config;

import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.store.ServerKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@code config.toml} server entry becomes a login, the same for every face (the CLI's
 * {@code login}, the app server's {@code mcpServer/oauth/login}): the server's name and URL, its
 * configured {@code scopes} (an explicit empty list counts; absent: the discovered ones),
 * {@code oauth_resource}, the top-level {@code mcp_oauth_callback_port} and
 * {@code mcp_oauth_callback_url}, {@code http_headers} plus {@code env_http_headers} (an unset
 * variable is no header), and a pre-registered client from {@code [mcp_servers.NAME.oauth]}.
 * The caller then applies its own overrides (command-line flags, request params) to the builder.
 *
 * <pre>{@code
 * McpOAuthConfig config = McpOAuthConfig.load(McpOAuthConfig.defaultFile(System.getenv()));
 * ServerConfig server = config.server("docs").orElseThrow();
 * LoginRequest request = ServerLogins.request(server, config, System.getenv())
 *         .timeout(Duration.ofMinutes(2))       // an override of the caller's
 *         .build();
 * }</pre>
 *
 * <p>Related specifications: MCP authorization (2026-07-28) "Client Registration" (pre-registered
 * clients), RFC 8707 ({@code resource}), RFC 8252 §7.3 (loopback redirect port).
 */
public final class ServerLogins {
    private ServerLogins() {
    }

    /**
     * A request builder filled from the config.
     *
     * @throws IllegalArgumentException when {@code server} is not a streamable HTTP server (callers
     *     refuse those first, with their own message)
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} when {@code client_secret_env} names a
     *     variable that is not set (see {@link #preRegistered})
     */
    public static LoginRequest.Builder request(ServerConfig server, McpOAuthConfig config, Map<String, String> environment) {
        Objects.requireNonNull(config, "config");
        requireHttp(server);
        return LoginRequest.builder(server.name(), server.url())
                .scopes(server.scopes())
                .oauthResource(server.oauthResource())
                .callbackPort(config.callbackPort())
                .callbackUrl(config.callbackUrl())
                .httpHeaders(server.resolvedHeaders(environment))
                .preRegistered(preRegistered(server, environment).orElse(null));
    }

    /**
     * The pre-registered client of {@code [mcp_servers.NAME.oauth]}: its {@code client_id}, and the
     * secret from the variable {@code client_secret_env} names (none: a public client). Blank values
     * count as absent.
     *
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} when that variable is unset or empty
     *     (detail: "the environment variable `X` named by `mcp_servers.NAME.oauth.client_secret_env`
     *     is not set")
     */
    public static Optional<PreRegistered> preRegistered(ServerConfig server, Map<String, String> environment) {
        Objects.requireNonNull(server, "server");
        if (server.clientId() == null || server.clientId().isBlank()) {
            return Optional.empty();
        }
        Secret secret = null;
        String variable = server.clientSecretEnv();
        if (variable != null && !variable.isBlank()) {
            String value = environment.get(variable);
            if (value == null || value.isEmpty()) {
                throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                        "the environment variable `" + variable + "` named by `mcp_servers." + server.name()
                                + ".oauth.client_secret_env` is not set",
                        "Set it in the environment, or remove client_secret_env for a public client.", null);
            }
            secret = new Secret(value);
        }
        return Optional.of(new PreRegistered(server.clientId(), secret, null, null, null));
    }

    /** Where the server's credentials are stored: its name and URL. */
    public static ServerKey key(ServerConfig server) {
        requireHttp(server);
        return new ServerKey(server.name(), server.url().toString());
    }

    private static void requireHttp(ServerConfig server) {
        Objects.requireNonNull(server, "server");
        if (!server.isHttp()) {
            throw new IllegalArgumentException("'" + server.name() + "' is not a streamable HTTP server");
        }
    }
}

package dev.mcpoauth.config;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code [mcp_servers.NAME]} table of {@code config.toml}, with the reference host's keys.
 *
 * @param name             the table name
 * @param url              the streamable HTTP endpoint, or {@code null} for a stdio server
 * @param command          the stdio command, or {@code null} for an HTTP server
 * @param bearerTokenEnvVar an environment variable holding a static bearer token, or {@code null}
 * @param httpHeaders      static headers sent on discovery and token requests
 * @param envHttpHeaders   header name to the environment variable holding its value
 * @param scopes           configured scopes; {@code null} when the key is absent (an explicit empty
 *                         list counts as "request no scopes")
 * @param oauthResource    the {@code resource} indicator to send instead of the URL, or {@code null}
 * @param clientId         {@code [mcp_servers.NAME.oauth] client_id}: a pre-registered client, or {@code null}
 * @param clientSecretEnv  {@code [mcp_servers.NAME.oauth] client_secret_env}: the environment variable
 *                         holding that client's secret, or {@code null} for a public client
 */
public record ServerConfig(String name, URI url, String command, String bearerTokenEnvVar,
                           Map<String, String> httpHeaders, Map<String, String> envHttpHeaders, List<String> scopes,
                           String oauthResource, String clientId, String clientSecretEnv) {

    public ServerConfig {
        Objects.requireNonNull(name, "name");
        httpHeaders = httpHeaders == null ? Map.of() : Map.copyOf(httpHeaders);
        envHttpHeaders = envHttpHeaders == null ? Map.of() : Map.copyOf(envHttpHeaders);
        scopes = scopes == null ? null : List.copyOf(scopes);
    }

    /** Whether this is a streamable HTTP server (the only kind OAuth applies to). */
    public boolean isHttp() {
        return url != null;
    }

    /**
     * The headers to send: the static ones plus those whose environment variable is set. A variable
     * that is unset is skipped (the reference's behaviour), never sent empty.
     */
    public Map<String, String> resolvedHeaders(Map<String, String> environment) {
        java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>(httpHeaders);
        envHttpHeaders.forEach((header, variable) -> {
            String value = environment.get(variable);
            if (value != null && !value.isEmpty()) {
                out.put(header, value);
            }
        });
        return out;
    }
}

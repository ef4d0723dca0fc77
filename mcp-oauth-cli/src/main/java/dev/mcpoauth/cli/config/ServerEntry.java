package dev.mcpoauth.cli.config;

import dev.mcpoauth.config.ServerConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A server to add to {@code config.toml}, with the reference's keys, and its TOML text.
 *
 * <pre>{@code
 * ServerEntry entry = ServerEntry.builder("docs", "https://mcp.example.com/mcp").scopes(List.of("read")).build();
 * String toml = entry.toToml("\n");
 * // [mcp_servers.docs]
 * // url = "https://mcp.example.com/mcp"
 * // scopes = ["read"]
 * }</pre>
 */
public final class ServerEntry {
    private final String name;
    private final String url;
    private final List<String> scopes;
    private final String oauthResource;
    private final String bearerTokenEnvVar;
    private final Map<String, String> httpHeaders;
    private final Map<String, String> envHttpHeaders;
    private final List<String> httpHeadersOrder;
    private final List<String> envHttpHeadersOrder;
    private final String clientId;
    private final String clientSecretEnv;

    private ServerEntry(Builder b) {
        this.name = b.name;
        this.url = b.url;
        this.scopes = b.scopes == null ? null : List.copyOf(b.scopes);
        this.oauthResource = b.oauthResource;
        this.bearerTokenEnvVar = b.bearerTokenEnvVar;
        this.httpHeaders = Map.copyOf(b.httpHeaders);
        this.envHttpHeaders = Map.copyOf(b.envHttpHeaders);
        this.httpHeadersOrder = List.copyOf(b.httpHeaders.keySet());
        this.envHttpHeadersOrder = List.copyOf(b.envHttpHeaders.keySet());
        this.clientId = b.clientId;
        this.clientSecretEnv = b.clientSecretEnv;
    }

    public static Builder builder(String name, String url) {
        return new Builder(name, url);
    }

    public String name() {
        return name;
    }

    /** The {@link ServerConfig} that parsing {@link #toToml} must give back. */
    public ServerConfig expectedConfig() {
        return new ServerConfig(name, URI.create(url.trim()), null, bearerTokenEnvVar, httpHeaders, envHttpHeaders,
                scopes, oauthResource, clientId, clientSecretEnv);
    }

    /** {@code [mcp_servers.NAME]} and, with a client id, {@code [mcp_servers.NAME.oauth]}; lines end with {@code newline}. */
    public String toToml(String newline) {
        StringBuilder out = new StringBuilder();
        out.append("[mcp_servers.").append(TomlText.key(name)).append(']').append(newline);
        out.append("url = ").append(TomlText.string(url)).append(newline);
        if (bearerTokenEnvVar != null) {
            out.append("bearer_token_env_var = ").append(TomlText.string(bearerTokenEnvVar)).append(newline);
        }
        if (scopes != null) {
            out.append("scopes = ").append(TomlText.stringArray(scopes)).append(newline);
        }
        if (oauthResource != null) {
            out.append("oauth_resource = ").append(TomlText.string(oauthResource)).append(newline);
        }
        if (!httpHeaders.isEmpty()) {
            out.append("http_headers = ").append(TomlText.inlineTable(httpHeadersOrder, httpHeaders)).append(newline);
        }
        if (!envHttpHeaders.isEmpty()) {
            out.append("env_http_headers = ").append(TomlText.inlineTable(envHttpHeadersOrder, envHttpHeaders)).append(newline);
        }
        if (clientId != null) {
            out.append(newline);
            out.append("[mcp_servers.").append(TomlText.key(name)).append(".oauth]").append(newline);
            out.append("client_id = ").append(TomlText.string(clientId)).append(newline);
            if (clientSecretEnv != null) {
                out.append("client_secret_env = ").append(TomlText.string(clientSecretEnv)).append(newline);
            }
        }
        return out.toString();
    }

    /** Builds a {@link ServerEntry}. */
    public static final class Builder {
        private final String name;
        private final String url;
        private List<String> scopes;
        private String oauthResource;
        private String bearerTokenEnvVar;
        private final Map<String, String> httpHeaders = new LinkedHashMap<>();
        private final Map<String, String> envHttpHeaders = new LinkedHashMap<>();
        private String clientId;
        private String clientSecretEnv;

        private Builder(String name, String url) {
            this.name = Objects.requireNonNull(name, "name");
            this.url = Objects.requireNonNull(url, "url");
        }

        /** {@code null}: no {@code scopes} key; empty: {@code scopes = []} (request none). */
        public Builder scopes(List<String> scopes) {
            this.scopes = scopes;
            return this;
        }

        public Builder oauthResource(String resource) {
            this.oauthResource = resource;
            return this;
        }

        public Builder bearerTokenEnvVar(String variable) {
            this.bearerTokenEnvVar = variable;
            return this;
        }

        public Builder httpHeaders(Map<String, String> headers) {
            this.httpHeaders.putAll(headers);
            return this;
        }

        public Builder envHttpHeaders(Map<String, String> headers) {
            this.envHttpHeaders.putAll(headers);
            return this;
        }

        public Builder clientId(String id) {
            this.clientId = id;
            return this;
        }

        public Builder clientSecretEnv(String variable) {
            this.clientSecretEnv = variable;
            return this;
        }

        public ServerEntry build() {
            if (clientSecretEnv != null && clientId == null) {
                throw new IllegalArgumentException("a client secret variable needs a client id");
            }
            return new ServerEntry(this);
        }
    }
}

package dev.mcpoauth.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.JsonTree;
import dev.mcpoauth.internal.Urls;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code config.toml}: the servers mcp-oauth knows and how to log in to them. The keys are the
 * reference host's, so its config file works as it is; keys mcp-oauth does not use (models,
 * profiles, ...) are ignored.
 *
 * <pre>{@code
 * McpOAuthConfig config = McpOAuthConfig.load(McpOAuthConfig.defaultFile());
 * ServerConfig linear = config.server("linear").orElseThrow();
 * }</pre>
 *
 * <p>Recognised keys: top-level {@code mcp_oauth_callback_port}, {@code mcp_oauth_callback_url},
 * {@code mcp_oauth_credentials_store}, {@code mcp_oauth_allow_private_addresses}; per server {@code url}, {@code command},
 * {@code bearer_token_env_var}, {@code http_headers}, {@code env_http_headers}, {@code scopes},
 * {@code oauth_resource}, and {@code [mcp_servers.NAME.oauth]} {@code client_id} and
 * {@code client_secret_env}.
 *
 * @param file             the file it was read from (may not exist)
 * @param callbackPort     {@code mcp_oauth_callback_port}, or {@code null}
 * @param callbackUrl      {@code mcp_oauth_callback_url}, or {@code null}
 * @param credentialsStore {@code mcp_oauth_credentials_store}, {@link CredentialsStoreMode#AUTO} by default
 * @param servers          the servers by name, in file order
 * @param allowPrivateAddresses {@code mcp_oauth_allow_private_addresses} ({@code false} by default):
 *                         whether discovery and token calls may go to loopback, private and link-local
 *                         addresses even for a server that does not live on one (cloud metadata
 *                         addresses stay refused); see {@link dev.mcpoauth.http.AddressPolicy}
 */
public record McpOAuthConfig(Path file, Integer callbackPort, String callbackUrl, CredentialsStoreMode credentialsStore,
                             Map<String, ServerConfig> servers, boolean allowPrivateAddresses) {
    /** Environment variable naming the home directory; default {@code ~/.mcp-oauth}. */
    public static final String HOME_ENV = "MCP_OAUTH_HOME";
    public static final String FILE_NAME = "config.toml";
    /** Largest config file read: a config is a few KiB; this bounds a mistaken path. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    /** A parser factory, not a mapper: reading the config is on every command's start-up path ({@link JsonTree}). */
    private static final TomlFactory TOML = new TomlFactory();

    public McpOAuthConfig {
        servers = Collections.unmodifiableMap(new LinkedHashMap<>(servers));
    }

    /** Without {@code mcp_oauth_allow_private_addresses} (so {@code false}). */
    public McpOAuthConfig(Path file, Integer callbackPort, String callbackUrl, CredentialsStoreMode credentialsStore,
                          Map<String, ServerConfig> servers) {
        this(file, callbackPort, callbackUrl, credentialsStore, servers, false);
    }

    /** {@code $MCP_OAUTH_HOME}, else {@code ~/.mcp-oauth}. */
    public static Path home(Map<String, String> environment) {
        String home = environment.get(HOME_ENV);
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".mcp-oauth");
    }

    /** {@code home/config.toml}. */
    public static Path defaultFile(Map<String, String> environment) {
        return home(environment).resolve(FILE_NAME);
    }

    /** An empty configuration (no file yet). */
    public static McpOAuthConfig empty(Path file) {
        return new McpOAuthConfig(file, null, null, CredentialsStoreMode.AUTO, Map.of());
    }

    public Optional<ServerConfig> server(String name) {
        return Optional.ofNullable(servers.get(name));
    }

    /**
     * Reads a config file; a missing file is an empty configuration.
     *
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} naming the file and the key at fault
     */
    public static McpOAuthConfig load(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                        "config file `" + file + "` is larger than " + MAX_FILE_BYTES + " bytes", "Check the path.", null);
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return empty(file);
        } catch (IOException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "cannot read config file `" + file + "`: " + e.getMessage(),
                    "Check that the file exists and is readable.", e);
        }
        return parse(text, file);
    }

    /** Parses config text; {@code file} names it in errors. */
    public static McpOAuthConfig parse(String text, Path file) {
        String where = file.toString();
        JsonNode root;
        try (JsonParser parser = TOML.createParser(text)) {
            root = JsonTree.read(parser);
        } catch (JacksonException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                    "config file `" + where + "` is not valid TOML: " + e.getOriginalMessage(),
                    "Fix the file, or check it with a TOML linter.", e);
        } catch (IOException | RuntimeException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                    "config file `" + where + "` is not valid TOML", "Fix the file, or check it with a TOML linter.", e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return empty(file);
        }
        Reader r = new Reader(where);
        Integer port = r.optInt(root, "mcp_oauth_callback_port");
        if (port != null && (port < 1 || port > 65535)) {
            throw r.error("mcp_oauth_callback_port", "must be between 1 and 65535 (leave it out for a free port)");
        }
        String callbackUrl = r.optString(root, "mcp_oauth_callback_url");
        String store = r.optString(root, "mcp_oauth_credentials_store");
        CredentialsStoreMode mode = store == null ? CredentialsStoreMode.AUTO
                : CredentialsStoreMode.parse(store, where + ": mcp_oauth_credentials_store");
        Map<String, ServerConfig> servers = new LinkedHashMap<>();
        JsonNode table = root.get("mcp_servers");
        if (table != null) {
            if (!table.isObject()) {
                throw r.error("mcp_servers", "must be a table of servers");
            }
            Iterator<Map.Entry<String, JsonNode>> entries = table.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                servers.put(entry.getKey(), r.server(entry.getKey(), entry.getValue()));
            }
        }
        Boolean allowPrivate = r.optBoolean(root, "mcp_oauth_allow_private_addresses");
        return new McpOAuthConfig(file, port, callbackUrl, mode, servers, Boolean.TRUE.equals(allowPrivate));
    }

    /** Reads typed values with errors that name the file and the key. */
    private static final class Reader {
        private final String where;

        Reader(String where) {
            this.where = where;
        }

        McpOAuthException error(String key, String problem) {
            return new McpOAuthException(ErrorCode.INVALID_INPUT, "config file `" + where + "`: `" + key + "` " + problem,
                    "Fix the file and try again.", null);
        }

        String optString(JsonNode node, String key) {
            return optString(node, key, key);
        }

        String optString(JsonNode node, String key, String path) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw error(path, "must be a string");
            }
            return value.textValue();
        }

        Boolean optBoolean(JsonNode node, String key) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isBoolean()) {
                throw error(key, "must be true or false");
            }
            return value.booleanValue();
        }

        Integer optInt(JsonNode node, String key) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw error(key, "must be an integer");
            }
            return value.intValue();
        }

        Map<String, String> stringTable(JsonNode node, String key, String path) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return Map.of();
            }
            if (!value.isObject()) {
                throw error(path, "must be a table of strings");
            }
            Map<String, String> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isTextual()) {
                    throw error(path + "." + field.getKey(), "must be a string");
                }
                out.put(field.getKey(), field.getValue().textValue());
            }
            return out;
        }

        List<String> optStringList(JsonNode node, String key, String path) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isArray()) {
                throw error(path, "must be an array of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode element : value) {
                if (!element.isTextual()) {
                    throw error(path, "must contain only strings");
                }
                out.add(element.textValue());
            }
            return out;
        }

        ServerConfig server(String name, JsonNode node) {
            String prefix = "mcp_servers." + name;
            if (!node.isObject()) {
                throw error(prefix, "must be a table");
            }
            String url = optString(node, "url", prefix + ".url");
            URI uri = null;
            if (url != null) {
                try {
                    uri = Urls.canonical(url, "URL");
                } catch (McpOAuthException e) {
                    throw error(prefix + ".url", "is not an absolute URL with a host (`" + url + "`)");
                }
                String scheme = uri.getScheme();
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    throw error(prefix + ".url", "must be an http or https URL (`" + url + "`)");
                }
                uri = URI.create(url.trim());
            }
            String command = optString(node, "command", prefix + ".command");
            if (uri == null && command == null) {
                throw error(prefix, "needs a `url` (streamable HTTP) or a `command` (stdio)");
            }
            String clientId = null;
            String clientSecretEnv = null;
            JsonNode oauth = node.get("oauth");
            if (oauth != null && !oauth.isNull()) {
                if (!oauth.isObject()) {
                    throw error(prefix + ".oauth", "must be a table");
                }
                clientId = optString(oauth, "client_id", prefix + ".oauth.client_id");
                clientSecretEnv = optString(oauth, "client_secret_env", prefix + ".oauth.client_secret_env");
            }
            return new ServerConfig(name, uri, command,
                    optString(node, "bearer_token_env_var", prefix + ".bearer_token_env_var"),
                    stringTable(node, "http_headers", prefix + ".http_headers"),
                    stringTable(node, "env_http_headers", prefix + ".env_http_headers"),
                    optStringList(node, "scopes", prefix + ".scopes"),
                    optString(node, "oauth_resource", prefix + ".oauth_resource"),
                    clientId, clientSecretEnv);
        }
    }
}

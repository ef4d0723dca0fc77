package dev.mcpoauth.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.registration.ClientIdentity;
import dev.mcpoauth.registration.DynamicallyRegistered;
import dev.mcpoauth.registration.MetadataDocument;
import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.token.Tokens;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of one {@link StoredCredentials} entry, shared by every store that keeps entries as
 * JSON: the {@code servers} members of {@code credentials.json} ({@link FileCredentialStore}) and the
 * per-server secrets of the OS keyring store (module {@code mcp-oauth-keyring}).
 *
 * <pre>{@code
 * ObjectNode node = CredentialsJson.toJson(credentials);
 * StoredCredentials back = CredentialsJson.fromJson(node);   // key from server_name and server_url
 * }</pre>
 *
 * <p>A pre-registered client's secret or key is configuration and is not written; a dynamically
 * registered client's secret is.
 */
public final class CredentialsJson {
    private CredentialsJson() {
    }

    /** Reads an entry written by {@link #toJson}, keyed by its own {@code server_name} and {@code server_url}. */
    public static StoredCredentials fromJson(JsonNode node) {
        return fromJson(keyOf(node), node);
    }

    /** The {@link ServerKey} an entry records ({@code server_name}, {@code server_url}). */
    public static ServerKey keyOf(JsonNode node) {
        return new ServerKey(node.path("server_name").asText(), node.path("server_url").asText());
    }

    /**
     * One entry as a JSON object: {@code server_name}, {@code server_url}, {@code issuer},
     * {@code resource} (when known), {@code token_endpoint}, {@code client}, {@code tokens} and
     * {@code saved_at}. The result contains the tokens and the client secret: it is for a store, never
     * for a log.
     */
    public static ObjectNode toJson(StoredCredentials c) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("server_name", c.key().name());
        node.put("server_url", c.key().url());
        node.put("issuer", c.issuer());
        if (c.resource() != null) {
            node.put("resource", c.resource());
        }
        node.put("token_endpoint", c.tokenEndpoint().toString());
        node.set("client", clientToJson(c.client()));
        Tokens t = c.tokens();
        ObjectNode tokens = node.putObject("tokens");
        tokens.put("access_token", t.accessToken());
        tokens.put("token_type", t.tokenType());
        if (t.refreshToken() != null) {
            tokens.put("refresh_token", t.refreshToken());
        }
        if (t.expiresAt() != null) {
            tokens.put("expires_at", t.expiresAt().getEpochSecond());
        }
        ArrayNode scopes = tokens.putArray("scopes");
        t.scopes().forEach(scopes::add);
        node.put("saved_at", c.savedAt().getEpochSecond());
        return node;
    }

    private static ObjectNode clientToJson(ClientIdentity client) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("client_id", client.clientId());
        if (client.authMethod() != null) {
            node.put("token_endpoint_auth_method", client.authMethod().getValue());
        }
        if (client instanceof DynamicallyRegistered dynamic) {
            node.put("kind", "dynamic");
            dynamic.secret().ifPresent(secret -> node.put("client_secret", secret.getValue()));
            if (dynamic.secretExpiresAt() != null) {
                node.put("client_secret_expires_at", dynamic.secretExpiresAt().getEpochSecond());
            }
            ArrayNode uris = node.putArray("redirect_uris");
            dynamic.redirectUris().forEach(uris::add);
        } else if (client instanceof MetadataDocument) {
            node.put("kind", "metadata_document");
        } else {
            // A pre-registered client's secret or key comes from configuration; it is not copied here.
            node.put("kind", "pre_registered");
        }
        return node;
    }

    /**
     * Reads an entry written by {@link #toJson}, stored under {@code key}.
     *
     * @throws McpOAuthException {@link ErrorCode#STORE_FAILED} when the entry is incomplete; the
     *     message names the server, never a token
     */
    public static StoredCredentials fromJson(ServerKey key, JsonNode node) {
        try {
            String issuer = node.path("issuer").asText();
            String resource = node.hasNonNull("resource") ? node.get("resource").asText() : null;
            JsonNode t = node.path("tokens");
            Set<String> scopes = new LinkedHashSet<>();
            t.path("scopes").forEach(s -> scopes.add(s.asText()));
            Tokens tokens = new Tokens(t.path("access_token").asText(), t.path("token_type").asText("Bearer"),
                    t.hasNonNull("refresh_token") ? t.get("refresh_token").asText() : null,
                    t.hasNonNull("expires_at") ? Instant.ofEpochSecond(t.get("expires_at").asLong()) : null,
                    scopes);
            ClientIdentity client = clientFromJson(node.path("client"), issuer);
            Instant savedAt = Instant.ofEpochSecond(node.path("saved_at").asLong());
            URI tokenEndpoint = URI.create(node.path("token_endpoint").asText());
            return new StoredCredentials(key, issuer, resource, tokenEndpoint, client, tokens, savedAt);
        } catch (RuntimeException e) {
            throw new McpOAuthException(ErrorCode.STORE_FAILED,
                    "stored credentials for '" + key.name() + "' are incomplete",
                    "Run `mcp-oauth logout " + key.name() + "` and log in again.", e);
        }
    }

    private static ClientIdentity clientFromJson(JsonNode node, String issuer) {
        String clientId = node.path("client_id").asText();
        ClientAuthenticationMethod method = node.hasNonNull("token_endpoint_auth_method")
                ? ClientAuthenticationMethod.parse(node.get("token_endpoint_auth_method").asText()) : null;
        switch (node.path("kind").asText()) {
            case "dynamic": {
                List<String> uris = new ArrayList<>();
                node.path("redirect_uris").forEach(u -> uris.add(u.asText()));
                Secret secret = node.hasNonNull("client_secret") ? new Secret(node.get("client_secret").asText()) : null;
                Instant expires = node.hasNonNull("client_secret_expires_at")
                        ? Instant.ofEpochSecond(node.get("client_secret_expires_at").asLong()) : null;
                return new DynamicallyRegistered(clientId, secret, method, issuer, List.copyOf(uris), expires);
            }
            case "metadata_document":
                return new MetadataDocument(clientId, issuer);
            default:
                return new PreRegistered(clientId, null, method, null, issuer);
        }
    }
}

package dev.mcpoauth.cimdhost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.registration.ClientMetadataUrls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A static {@code client.json} served as is, for a client with one fixed metadata URL (the MCP
 * specification's basic Client ID Metadata Document case) instead of callback-scoped ones.
 *
 * <p>The file is read and checked once, when the host starts, against the rules of
 * draft-ietf-oauth-client-id-metadata-document §3 and §4: a JSON object whose {@code client_id} is an
 * https URL (http only on loopback) with a path other than {@code /}, no query, fragment, userinfo or
 * dot segments, under the host's public base; a non-empty {@code redirect_uris}; no
 * {@code client_secret}; no shared-secret {@code token_endpoint_auth_method}. It is then served at
 * the path of its {@code client_id}, and nowhere else.
 *
 * @param clientId the document's {@code client_id}
 * @param path     the raw path it is served at
 * @param bytes    the file's bytes, served unchanged
 */
record FixedDocument(String clientId, String path, byte[] bytes) {
    /** Largest file accepted: metadata documents are well under a kilobyte. */
    static final int MAX_BYTES = 64 * 1024;
    private static final Set<String> SHARED_SECRET_METHODS =
            Set.of("client_secret_basic", "client_secret_post", "client_secret_jwt");

    FixedDocument {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(bytes, "bytes");
    }

    /**
     * Reads and checks the file.
     *
     * @param publicBase the host's canonical public base, without trailing {@code /}
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} naming the file and the broken rule
     */
    static FixedDocument load(Path file, String publicBase) {
        byte[] bytes = read(file);
        ObjectNode json;
        try {
            json = Json.parseObject(bytes, "its content");
        } catch (McpOAuthException e) {
            throw invalid(file, e.detail());
        }
        String clientId = text(json, "client_id");
        if (clientId == null) {
            throw invalid(file, "it has no client_id string");
        }
        try {
            ClientMetadataUrls.validateFixedUrl(clientId);
        } catch (McpOAuthException e) {
            throw invalid(file, e.detail());
        }
        URI uri = URI.create(clientId);
        if (uri.getRawQuery() != null) {
            throw invalid(file, "its client_id `" + clientId + "` has a query; a fixed document is served at one path");
        }
        if (!clientId.startsWith(publicBase + "/")) {
            throw invalid(file, "its client_id `" + clientId + "` is not under the public base `" + publicBase
                    + "/`, where authorization servers reach this host");
        }
        JsonNode redirects = json.get("redirect_uris");
        if (redirects == null || !redirects.isArray() || redirects.isEmpty()) {
            throw invalid(file, "redirect_uris must be a non-empty array");
        }
        for (JsonNode redirect : redirects) {
            if (!redirect.isTextual() || redirect.textValue().isEmpty()) {
                throw invalid(file, "redirect_uris must contain only non-empty strings");
            }
        }
        if (json.has("client_secret") || json.has("client_secret_expires_at")) {
            throw invalid(file, "it must not contain client_secret: a metadata document is public"
                    + " (draft-ietf-oauth-client-id-metadata-document §4.1)");
        }
        String method = text(json, "token_endpoint_auth_method");
        if (method != null && SHARED_SECRET_METHODS.contains(method.toLowerCase(Locale.ROOT))) {
            throw invalid(file, "token_endpoint_auth_method `" + method + "` uses a shared secret, which a"
                    + " metadata document cannot have; use none or private_key_jwt");
        }
        return new FixedDocument(clientId, uri.getRawPath(), bytes);
    }

    private static byte[] read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw invalid(file, "it is larger than " + MAX_BYTES + " bytes");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw invalid(file, "no such file");
        } catch (IOException e) {
            throw invalid(file, "cannot read it (" + e.getMessage() + ")");
        }
    }

    private static String text(ObjectNode json, String name) {
        JsonNode node = json.get(name);
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static McpOAuthException invalid(Path file, String why) {
        return new McpOAuthException(ErrorCode.INVALID_INPUT, "invalid fixed client metadata document `" + file + "`: " + why);
    }
}

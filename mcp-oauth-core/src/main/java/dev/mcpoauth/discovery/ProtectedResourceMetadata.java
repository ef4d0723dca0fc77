package dev.mcpoauth.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728 §2): which authorization servers protect an MCP
 * server, and its scopes. Unknown members are kept in {@link #json()}.
 *
 * @param resource               the {@code resource} identifier, as the document states it
 * @param authorizationServers   issuer identifiers of the authorization servers, in order
 * @param scopesSupported        {@code scopes_supported}, empty when absent
 * @param bearerMethodsSupported {@code bearer_methods_supported}, empty when absent
 * @param resourceName           {@code resource_name}, or {@code null}
 * @param json                   the whole document
 */
public record ProtectedResourceMetadata(URI resource, List<String> authorizationServers, List<String> scopesSupported,
                                        List<String> bearerMethodsSupported, String resourceName, ObjectNode json) {

    public ProtectedResourceMetadata {
        authorizationServers = List.copyOf(authorizationServers);
        scopesSupported = List.copyOf(scopesSupported);
        bearerMethodsSupported = List.copyOf(bearerMethodsSupported);
        json = json.deepCopy();
    }

    /**
     * Reads a document.
     *
     * @param where names the document in error messages, e.g. its URL
     * @throws McpOAuthException {@link ErrorCode#MALFORMED_RESPONSE} naming the member at fault
     */
    public static ProtectedResourceMetadata parse(ObjectNode json, String where) {
        String what = "protected resource metadata at " + where;
        String resource = Json.optString(json, "resource", what)
                .orElseThrow(() -> new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                        what + " has no `resource` (RFC 9728 §2)"));
        URI resourceUri;
        try {
            resourceUri = new URI(resource);
        } catch (URISyntaxException e) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, what + ": `resource` is not a URI", e);
        }
        if (!resourceUri.isAbsolute() || resourceUri.getHost() == null) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, what + ": `resource` is not an absolute URL");
        }
        return new ProtectedResourceMetadata(resourceUri,
                Json.optStringList(json, "authorization_servers", what),
                Json.optStringList(json, "scopes_supported", what),
                Json.optStringList(json, "bearer_methods_supported", what),
                Json.optString(json, "resource_name", what).orElse(null),
                json);
    }
}

package dev.mcpoauth.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.JsonTree;
import dev.mcpoauth.internal.ServerText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728 §2): which authorization servers protect an MCP
 * server, and which scopes it knows. Every member of the document is kept in {@link #json()},
 * unknown ones too.
 *
 * <p>Related specifications: RFC 9728 (OAuth 2.0 Protected Resource Metadata) §2 and §3.3; MCP
 * authorization (revision 2026-07-28), "Protected Resource Metadata Discovery Requirements".
 *
 * <pre>{@code
 * ObjectNode json = JsonTree.parseObject(bytes, "https://mcp.example.com/.well-known/oauth-protected-resource");
 * ProtectedResourceMetadata prm = ProtectedResourceMetadata.parse(json, "https://mcp.example.com/...");
 * String issuer = prm.authorizationServers().get(0);
 * }</pre>
 *
 * @param resource               the {@code resource} identifier exactly as the document states it
 *                               (an absolute URL with a host), never {@code null}
 * @param authorizationServers   issuer identifiers from {@code authorization_servers}, in order; empty when absent
 * @param scopesSupported        {@code scopes_supported}, empty when absent
 * @param bearerMethodsSupported {@code bearer_methods_supported}, empty when absent
 * @param resourceName           {@code resource_name}, or {@code null} when absent
 * @param json                   the whole document (the accessor returns a copy)
 */
public record ProtectedResourceMetadata(URI resource, List<String> authorizationServers, List<String> scopesSupported,
                                        List<String> bearerMethodsSupported, String resourceName, ObjectNode json) {

    public ProtectedResourceMetadata {
        Objects.requireNonNull(resource, "resource");
        authorizationServers = List.copyOf(authorizationServers);
        scopesSupported = List.copyOf(scopesSupported);
        bearerMethodsSupported = List.copyOf(bearerMethodsSupported);
        json = Objects.requireNonNull(json, "json").deepCopy();
    }

    /** The whole document, every member kept; a copy, so this value stays immutable. */
    @Override
    public ObjectNode json() {
        return json.deepCopy();
    }

    /**
     * Reads a document.
     *
     * @param json  the document
     * @param where names the document in error messages, e.g. its URL
     * @throws McpOAuthException {@link ErrorCode#MALFORMED_RESPONSE} naming the member at fault:
     *     {@code resource} missing, not a string or not an absolute URL; {@code authorization_servers},
     *     {@code scopes_supported} or {@code bearer_methods_supported} not an array of strings;
     *     {@code resource_name} not a string
     */
    public static ProtectedResourceMetadata parse(ObjectNode json, String where) {
        Objects.requireNonNull(json, "json");
        String what = "protected resource metadata at " + where;
        String resource = JsonTree.optString(json, "resource", what)
                .orElseThrow(() -> new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                        what + " has no `resource` (RFC 9728 §2)"));
        URI resourceUri;
        try {
            resourceUri = new URI(resource);
        } catch (URISyntaxException e) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                    what + ": `resource` (`" + ServerText.sanitize(resource) + "`) is not a URI (RFC 9728 §2)", e);
        }
        if (!resourceUri.isAbsolute() || resourceUri.getHost() == null) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                    what + ": `resource` (`" + ServerText.sanitize(resource) + "`) is not an absolute URL (RFC 9728 §2)");
        }
        return new ProtectedResourceMetadata(resourceUri,
                JsonTree.optStringList(json, "authorization_servers", what),
                JsonTree.optStringList(json, "scopes_supported", what),
                JsonTree.optStringList(json, "bearer_methods_supported", what),
                JsonTree.optString(json, "resource_name", what).orElse(null),
                json);
    }
}

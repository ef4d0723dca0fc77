package dev.mcpoauth.cimdhost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.http.Json;
import java.util.Objects;

/**
 * The Client ID Metadata Document of one callback-scoped {@code client_id}
 * (draft-ietf-oauth-client-id-metadata-document §4): a public client (no secret,
 * {@code token_endpoint_auth_method} {@code none}) with exactly one redirect URI, using the
 * authorization code grant with refresh tokens.
 *
 * <pre>{@code
 * {"client_id":"https://apps.example.com/mcp-oauth/8t06V3nLEwB8/client.json?redirect_uri=http%3A%2F%2F127.0.0.1%3A4321%2Fcallback%2F8t06V3nLEwB8",
 *  "client_name":"mcp-oauth",
 *  "redirect_uris":["http://127.0.0.1:4321/callback/8t06V3nLEwB8"],
 *  "grant_types":["authorization_code","refresh_token"],
 *  "response_types":["code"],
 *  "token_endpoint_auth_method":"none",
 *  "application_type":"native"}
 * }</pre>
 *
 * <p>{@code application_type} is {@code native} for a loopback redirect URI (RFC 8252; OpenID Connect
 * Dynamic Client Registration 1.0 §2) and {@code web} for an allow-listed non-loopback one, which
 * native clients may not use.
 *
 * @param clientId    the document's own URL, exactly as clients send it
 * @param clientName  shown on consent pages
 * @param redirectUri the single redirect URI
 */
public record CallbackScopedDocument(String clientId, String clientName, String redirectUri) {

    public CallbackScopedDocument {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(redirectUri, "redirectUri");
    }

    /** The document as a JSON object, members in the order shown above. */
    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("client_id", clientId);
        json.put("client_name", clientName);
        json.putArray("redirect_uris").add(redirectUri);
        json.putArray("grant_types").add("authorization_code").add("refresh_token");
        json.putArray("response_types").add("code");
        json.put("token_endpoint_auth_method", "none");
        json.put("application_type", RedirectUriPolicy.isLoopback(redirectUri) ? "native" : "web");
        return json;
    }

    /** The document as UTF-8 JSON bytes. */
    public byte[] toBytes() {
        try {
            return Json.MAPPER.writeValueAsBytes(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }
}

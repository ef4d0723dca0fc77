package dev.mcpoauth.mcpsdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.http.Json;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * What an MCP HTTP request does, as the standard MCP request headers name it (MCP transports,
 * revision 2026-07-28, "Standard MCP Request Headers", SEP-2243): {@code Mcp-Method} is the JSON-RPC
 * method, {@code Mcp-Name} the tool or prompt name or the resource URI it acts on.
 *
 * <p>Step-up attempts are counted per resource and operation; this is the operation.
 *
 * @param method    the JSON-RPC method, or for a body-less request the HTTP method ({@code GET}, {@code DELETE})
 * @param name      the {@code Mcp-Name} value, or {@code null}
 * @param requestId the JSON-RPC id as sent, or {@code null} for a notification or a body-less request
 */
record McpOperation(String method, String name, String requestId) {
    static final String METHOD_HEADER = "Mcp-Method";
    static final String NAME_HEADER = "Mcp-Name";
    /** Methods whose {@code Mcp-Name} is {@code params.name}. */
    private static final Set<String> NAMED = Set.of("tools/call", "prompts/get");
    /** Methods whose {@code Mcp-Name} is {@code params.uri}. */
    private static final Set<String> BY_URI = Set.of("resources/read", "resources/subscribe", "resources/unsubscribe");

    /** The operation of a request about to be sent; a JSON-RPC response (no method) has none. */
    static Optional<McpOperation> of(String httpMethod, String body) {
        if (body == null || body.isEmpty()) {
            return Optional.of(new McpOperation(httpMethod, null, null));
        }
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (message == null || !message.path("method").isTextual()) {
            return Optional.empty();
        }
        String method = message.get("method").textValue();
        JsonNode params = message.path("params");
        String name = null;
        if (NAMED.contains(method) && params.path("name").isTextual()) {
            name = params.get("name").textValue();
        } else if (BY_URI.contains(method) && params.path("uri").isTextual()) {
            name = params.get("uri").textValue();
        }
        JsonNode id = message.get("id");
        return Optional.of(new McpOperation(method, name, id == null || id.isNull() ? null : id.toString()));
    }

    /** The operation a sent request carried, read back from its standard headers, else its HTTP method. */
    static McpOperation fromHeaders(String httpMethod, HttpHeaders headers) {
        Optional<String> method = headers.firstValue(METHOD_HEADER);
        return method.map(m -> new McpOperation(m, headers.firstValue(NAME_HEADER).orElse(null), null))
                .orElseGet(() -> new McpOperation(httpMethod, null, null));
    }

    /** {@code method} or {@code method name}: the key attempts are counted under. */
    String key() {
        return name == null ? method : method + " " + encodeHeaderValue(name);
    }

    /**
     * A header value as SEP-2243 encodes it: as is when it is printable ASCII without leading or
     * trailing spaces, else {@code =?base64?{base64 of the UTF-8 bytes}?=}.
     */
    static String encodeHeaderValue(String value) {
        boolean plain = !value.isEmpty() && value.charAt(0) != ' ' && value.charAt(value.length() - 1) != ' ';
        for (int i = 0; plain && i < value.length(); i++) {
            char c = value.charAt(i);
            plain = c >= 0x20 && c < 0x7f;
        }
        return plain ? value
                : "=?base64?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}

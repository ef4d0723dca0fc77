package dev.mcpoauth.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OAuth-protected MCP endpoint: JSON-RPC 2.0 over POST with plain JSON responses, guarded by RFC 6750 bearer
 * tokens that must be live and bound (RFC 8707) to exactly this endpoint's URL.
 */
final class McpEndpoint {

    static final String DEFAULT_PROTOCOL_VERSION = "2025-11-25";
    static final String SERVER_NAME = "mcp-oauth-testkit";
    static final String SERVER_VERSION = "0.1.0";

    private final Settings settings;
    private final Topology topology;
    private final TokenStore tokens;

    McpEndpoint(Settings settings, Topology topology, TokenStore tokens) {
        this.settings = settings;
        this.topology = topology;
        this.tokens = tokens;
    }

    void install(Router router) {
        router.on("POST", topology.mcpPath(), "mcp", this::handle);
    }

    Response handle(Request request) {
        String authorization = request.header("authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return unauthorized(null, null, "missing bearer token");
        }
        if (hasQueryToken(request.rawQuery())) {
            String challenge = new BearerChallenge()
                    .param("error", "invalid_request")
                    .param("error_description", "access tokens are not accepted in the query string")
                    .toString();
            return Response.error(400, "invalid_request", "access tokens are not accepted in the query string")
                    .withHeader("WWW-Authenticate", challenge);
        }
        String value = authorization.substring(7).trim();
        TokenStore.AccessToken token = tokens.accessToken(value);
        if (token == null) {
            return unauthorized("invalid_token", "unknown access token", "unknown access token");
        }
        if (token.expired()) {
            return unauthorized("invalid_token", "access token expired", "access token expired");
        }
        if (!topology.mcpUrlString().equals(token.resource)) {
            String description = "access token was issued for resource " + token.resource + ", not "
                    + topology.mcpUrlString();
            return unauthorized("invalid_token", description, description);
        }
        return rpc(request.body(), token);
    }

    /** Whether the query carries {@code access_token}; a malformed query is treated as carrying none. */
    private static boolean hasQueryToken(String rawQuery) {
        try {
            return Params.parse(rawQuery).has("access_token");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Response unauthorized(String error, String description, String bodyDescription) {
        String challenge = new BearerChallenge()
                .param("resource_metadata", topology.challengeResourceMetadata())
                .param("scope", settings.challengeScope())
                .param("error", error)
                .param("error_description", description)
                .toString();
        return Response.error(401, error == null ? "unauthorized" : error, bodyDescription)
                .withHeader("WWW-Authenticate", challenge);
    }

    private Response rpc(String body, TokenStore.AccessToken token) {
        JsonNode message;
        try {
            message = Json.parse(body);
        } catch (JsonProcessingException e) {
            return Response.json(400, rpcError(null, -32700, "Parse error"));
        }
        if (!message.isObject() || !"2.0".equals(message.path("jsonrpc").asText(null))) {
            return Response.json(400, rpcError(null, -32600, "Invalid Request: expected a JSON-RPC 2.0 object"));
        }
        if (!message.hasNonNull("method") || !message.has("id")) {
            return Response.empty(202);
        }
        JsonNode id = message.get("id");
        String method = message.get("method").asText();
        JsonNode params = message.path("params");
        switch (method) {
            case "initialize":
                return result(id, initialize(params));
            case "ping":
                return result(id, Map.of());
            case "tools/list":
                return result(id, Json.object("tools", tools()));
            case "tools/call":
                return callTool(id, params, token);
            default:
                return Response.json(200, rpcError(id, -32601, "Method not found: " + method));
        }
    }

    private Map<String, Object> initialize(JsonNode params) {
        String version = params.path("protocolVersion").isTextual()
                ? params.get("protocolVersion").asText() : DEFAULT_PROTOCOL_VERSION;
        return Json.object(
                "protocolVersion", version,
                "capabilities", Json.object("tools", Map.of()),
                "serverInfo", Json.object("name", SERVER_NAME, "version", SERVER_VERSION));
    }

    private List<Object> tools() {
        List<Object> tools = new ArrayList<>();
        Map<String, Object> schema = Json.object(
                "type", "object",
                "properties", Json.object("text", Json.object("type", "string")),
                "required", List.of("text"));
        settings.toolScopes().forEach((name, scope) -> tools.add(Json.object(
                "name", name,
                "description", "Returns its text argument" + (scope == null ? "" : " (requires scope " + scope + ")"),
                "inputSchema", schema)));
        return tools;
    }

    private Response callTool(JsonNode id, JsonNode params, TokenStore.AccessToken token) {
        String name = params.path("name").asText(null);
        if (name == null || !settings.toolScopes().containsKey(name)) {
            return Response.json(200, rpcError(id, -32602, "Unknown tool: " + name));
        }
        String required = settings.toolScopes().get(name);
        if (required != null && !token.scopes.contains(required)) {
            String description = "tool " + name + " requires scope " + required;
            String challenge = new BearerChallenge()
                    .param("error", "insufficient_scope")
                    .param("scope", required)
                    .param("resource_metadata", topology.challengeResourceMetadata())
                    .param("error_description", description)
                    .toString();
            return Response.error(403, "insufficient_scope", description).withHeader("WWW-Authenticate", challenge);
        }
        JsonNode text = params.path("arguments").path("text");
        if (!text.isTextual()) {
            return Response.json(200, rpcError(id, -32602, "Invalid params: arguments.text must be a string"));
        }
        return result(id, Json.object(
                "content", List.of(Json.object("type", "text", "text", text.asText())),
                "isError", false));
    }

    private static Response result(JsonNode id, Object result) {
        return Response.json(200, Json.object("jsonrpc", "2.0", "id", id, "result", result));
    }

    private static Map<String, Object> rpcError(JsonNode id, int code, String message) {
        Map<String, Object> error = Json.object("jsonrpc", "2.0");
        error.put("id", id);
        error.put("error", Json.object("code", code, "message", message));
        return error;
    }
}

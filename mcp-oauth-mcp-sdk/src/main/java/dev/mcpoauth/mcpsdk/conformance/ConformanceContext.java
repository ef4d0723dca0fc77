package dev.mcpoauth.mcpsdk.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.Json;

/**
 * The scenario data the conformance runner passes in {@code MCP_CONFORMANCE_CONTEXT}: JSON whose
 * {@code name} is the scenario and whose other members are that scenario's client credentials,
 * keys or tokens (for example {@code client_id}, {@code client_secret}, {@code private_key_pem}).
 *
 * @param json the parsed object; empty when the runner passed none
 */
record ConformanceContext(JsonNode json) {

    static ConformanceContext parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return new ConformanceContext(Json.MAPPER.createObjectNode());
        }
        try {
            JsonNode node = Json.MAPPER.readTree(raw);
            if (node == null || !node.isObject()) {
                throw new McpOAuthException(ErrorCode.INVALID_INPUT, "MCP_CONFORMANCE_CONTEXT is not a JSON object");
            }
            return new ConformanceContext(node);
        } catch (JsonProcessingException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "MCP_CONFORMANCE_CONTEXT is not valid JSON", e);
        }
    }

    /** A required string member. */
    String require(String name) {
        JsonNode value = json.get(name);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                    "MCP_CONFORMANCE_CONTEXT has no `" + name + "`, which this scenario needs");
        }
        return value.textValue();
    }

    /** An optional string member, or {@code null}. */
    String optional(String name) {
        JsonNode value = json.get(name);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}

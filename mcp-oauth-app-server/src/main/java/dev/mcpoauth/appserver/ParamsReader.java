package dev.mcpoauth.appserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads typed members of a request's {@code params}, failing with -32602 naming the member at fault.
 * Members it is not asked about are ignored, so newer clients can send more.
 */
final class ParamsReader {
    private final JsonNode params;

    private ParamsReader(JsonNode params) {
        this.params = params;
    }

    /** {@code params} must be an object, or absent or {@code null} when {@code required} is false. */
    static ParamsReader of(JsonNode params, boolean required) {
        if (params == null || params.isNull() || params.isMissingNode()) {
            if (required) {
                throw RpcError.invalidParams("params", "is required");
            }
            return new ParamsReader(null);
        }
        if (!params.isObject()) {
            throw RpcError.invalidParams("params", "must be an object");
        }
        return new ParamsReader(params);
    }

    private JsonNode member(String name) {
        if (params == null) {
            return null;
        }
        JsonNode value = params.get(name);
        return value == null || value.isNull() ? null : value;
    }

    String requiredString(String name) {
        String value = optionalString(name);
        if (value == null) {
            throw RpcError.invalidParams(name, "is required");
        }
        return value;
    }

    String optionalString(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw RpcError.invalidParams(name, "must be a string");
        }
        return value.textValue();
    }

    List<String> optionalStringList(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw RpcError.invalidParams(name, "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw RpcError.invalidParams(name, "must be an array of strings");
            }
            out.add(element.textValue());
        }
        return out;
    }

    /** An integer in {@code [min, max]}, or {@code null} when absent. */
    Long optionalLong(String name, long min, long max) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw RpcError.invalidParams(name, "must be an integer from " + min + " to " + max);
        }
        return value.longValue();
    }
}

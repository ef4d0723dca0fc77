package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The {@code data} member of a JSON-RPC error, when there is something a program can act on.
 *
 * @param field     for -32602 (invalid params): the param at fault, e.g. {@code "clientMetadataUrlBase"}
 * @param errorCode for a login that could not start: the stable mcp-oauth error code, e.g.
 *                  {@code "metadata_not_found"} (see docs/errors.md)
 */
@JsonClassDescription("The `data` member of an error response, when a program can act on it.")
public record ErrorData(
        @JsonPropertyDescription("For -32602 (invalid params): the param at fault.")
        String field,
        @JsonPropertyDescription("For a login that could not start: the stable mcp-oauth error code "
                + "(e.g. `metadata_not_found`, `registration_rejected`).")
        String errorCode) {

    public static ErrorData field(String field) {
        return new ErrorData(field, null);
    }

    public static ErrorData errorCode(String errorCode) {
        return new ErrorData(null, errorCode);
    }
}

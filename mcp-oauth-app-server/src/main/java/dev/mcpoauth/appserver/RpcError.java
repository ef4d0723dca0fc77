package dev.mcpoauth.appserver;

import dev.mcpoauth.appserver.protocol.ErrorData;

/**
 * A JSON-RPC 2.0 error response (JSON-RPC 2.0 §5.1), thrown by handlers and written by the
 * dispatcher. Messages are for people; {@link ErrorData} carries what a program can act on.
 */
final class RpcError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Invalid JSON was received. */
    static final int PARSE_ERROR = -32700;
    /** The JSON sent is not a valid request object; the reference also uses it for an unknown server. */
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    /** The reference's code for a login that could not start. */
    static final int INTERNAL_ERROR = -32603;

    private final int code;
    private final transient ErrorData data;

    RpcError(int code, String message, ErrorData data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    static RpcError parseError(String detail) {
        return new RpcError(PARSE_ERROR, "Parse error: " + detail, null);
    }

    static RpcError invalidRequest(String message) {
        return new RpcError(INVALID_REQUEST, message, null);
    }

    static RpcError methodNotFound(String method) {
        return new RpcError(METHOD_NOT_FOUND, "Method not found: " + method, null);
    }

    /** Invalid params, naming the field at fault: {@code "Invalid params: `field` ..."}. */
    static RpcError invalidParams(String field, String problem) {
        return new RpcError(INVALID_PARAMS, "Invalid params: `" + field + "` " + problem, ErrorData.field(field));
    }

    /** Invalid params with a detail from a validator: {@code "Invalid params: `field`: detail"}. */
    static RpcError invalidParamsDetail(String field, String detail) {
        return new RpcError(INVALID_PARAMS, "Invalid params: `" + field + "`: " + detail, ErrorData.field(field));
    }

    static RpcError internal(String message, ErrorData data) {
        return new RpcError(INTERNAL_ERROR, message, data);
    }

    int code() {
        return code;
    }

    /** May be {@code null}. */
    ErrorData data() {
        return data;
    }
}

package dev.mcpoauth.appserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.mcpoauth.McpOAuthException;
import java.util.Map;

/**
 * Parses one line as a JSON-RPC 2.0 message (JSON-RPC 2.0 §4, §5) and routes requests to their
 * {@link Handler}. {@code "jsonrpc": "2.0"} may be omitted, as the reference's clients do; answers
 * always carry it. Malformed JSON gets -32700, a message that is not a request object -32600, an
 * unknown method -32601; the server keeps reading in every case. Notifications from the client are
 * ignored (none are defined), and so are responses (the server sends no requests).
 */
final class Dispatcher {
    private static final ObjectReader READER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .reader();

    private final MessageWriter writer;
    private final ServerLog log;
    private final Map<String, Handler> handlers;

    Dispatcher(MessageWriter writer, ServerLog log, Map<String, Handler> handlers) {
        this.writer = writer;
        this.log = log;
        this.handlers = Map.copyOf(handlers);
    }

    void dispatch(String line) {
        JsonNode message;
        try {
            message = READER.readTree(line);
        } catch (JsonProcessingException e) {
            writer.error(null, RpcError.parseError(e.getOriginalMessage()));
            return;
        }
        if (message == null || message.isMissingNode()) {
            return;
        }
        if (!message.isObject()) {
            writer.error(null, RpcError.invalidRequest("Invalid Request: expected a JSON object"));
            return;
        }
        boolean isRequest = message.has("id");
        JsonNode id = message.get("id");
        if (isRequest && !(id.isTextual() || id.isIntegralNumber() || id.isNull())) {
            writer.error(null, RpcError.invalidRequest("Invalid Request: `id` must be a string or an integer"));
            return;
        }
        JsonNode version = message.get("jsonrpc");
        if (version != null && !"2.0".equals(version.asText(null))) {
            reject(isRequest, id, "Invalid Request: `jsonrpc` must be \"2.0\"");
            return;
        }
        JsonNode method = message.get("method");
        if (method == null) {
            if (message.has("result") || message.has("error")) {
                log.info("ignoring a response: this server sends no requests");
            } else {
                reject(isRequest, id, "Invalid Request: `method` is required");
            }
            return;
        }
        if (!method.isTextual()) {
            reject(isRequest, id, "Invalid Request: `method` must be a string");
            return;
        }
        if (!isRequest) {
            return;
        }
        Handler handler = handlers.get(method.textValue());
        if (handler == null) {
            writer.error(id, RpcError.methodNotFound(method.textValue()));
            return;
        }
        Reply reply = new Reply(writer, id);
        try {
            handler.handle(message.get("params"), reply);
        } catch (RpcError e) {
            reply.error(e);
        } catch (McpOAuthException e) {
            reply.error(RpcError.internal(e.getMessage(), null));
        } catch (RuntimeException e) {
            log.info(method.textValue() + " failed unexpectedly: " + e.getClass().getName());
            reply.error(RpcError.internal("Internal error: " + e.getClass().getSimpleName(), null));
        }
    }

    private void reject(boolean isRequest, JsonNode id, String message) {
        if (isRequest) {
            writer.error(id, RpcError.invalidRequest(message));
        } else {
            writer.error(null, RpcError.invalidRequest(message));
        }
    }
}

package dev.mcpoauth.appserver;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Handles one request method. Runs on the reader thread: it validates and answers at once, or hands
 * blocking work to a worker and answers from there. Throwing {@link RpcError} answers with that error.
 */
@FunctionalInterface
interface Handler {
    /**
     * @param params the request's {@code params}, or {@code null} when absent
     * @param reply  where the one answer goes
     */
    void handle(JsonNode params, Reply reply);
}

package dev.mcpoauth.appserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicBoolean;

/** The one answer to one request: a result or an error, written at most once. */
final class Reply {
    private final MessageWriter writer;
    private final JsonNode id;
    private final AtomicBoolean sent = new AtomicBoolean();

    Reply(MessageWriter writer, JsonNode id) {
        this.writer = writer;
        this.id = id;
    }

    void result(Object result) {
        if (sent.compareAndSet(false, true)) {
            writer.result(id, result);
        }
    }

    void error(RpcError error) {
        if (sent.compareAndSet(false, true)) {
            writer.error(id, error);
        }
    }
}

package dev.mcpoauth.mcpsdk;

import io.modelcontextprotocol.client.transport.customizer.McpAsyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.common.McpTransportContext;
import java.net.URI;
import java.net.http.HttpRequest;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Adds the standard MCP request headers {@code Mcp-Method} and {@code Mcp-Name} to every JSON-RPC
 * POST (MCP transports, revision 2026-07-28, SEP-2243: clients MUST send them; servers of earlier
 * revisions ignore them). The authorization error handler reads them back from the failed request
 * to count step-up attempts per operation.
 */
final class StandardRequestHeaders implements McpAsyncHttpClientRequestCustomizer {

    @Override
    public Publisher<HttpRequest.Builder> customize(HttpRequest.Builder builder, String method, URI endpoint,
                                                    String body, McpTransportContext context) {
        if ("POST".equals(method)) {
            McpOperation.of(method, body).ifPresent(operation -> {
                builder.setHeader(McpOperation.METHOD_HEADER, McpOperation.encodeHeaderValue(operation.method()));
                if (operation.name() != null) {
                    builder.setHeader(McpOperation.NAME_HEADER, McpOperation.encodeHeaderValue(operation.name()));
                }
            });
        }
        return Mono.just(builder);
    }
}

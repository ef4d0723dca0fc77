package dev.mcpoauth.mcpsdk.conformance;

import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * MCP revision 2026-07-28 over the SDK's Streamable HTTP transport: no initialize handshake; every
 * request carries the protocol version and client capabilities in {@code params._meta} and the
 * {@code MCP-Protocol-Version} header (SEP-2575), and the standard {@code Mcp-Method} and
 * {@code Mcp-Name} headers (SEP-2243, added by the adapter). Authorization is the adapter's, exactly
 * as on the stateful wire.
 */
final class StatelessConnection implements McpConnection {
    /** The first revision without the initialize handshake. */
    static final String FIRST_STATELESS_VERSION = "2026-07-28";

    private final HttpClientStreamableHttpTransport transport;
    private final String protocolVersion;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Object, CompletableFuture<McpSchema.JSONRPCResponse>> pending = new ConcurrentHashMap<>();

    private StatelessConnection(HttpClientStreamableHttpTransport transport, String protocolVersion) {
        this.transport = transport;
        this.protocolVersion = protocolVersion;
    }

    static boolean isStateless(String protocolVersion) {
        return protocolVersion != null && protocolVersion.compareTo(FIRST_STATELESS_VERSION) >= 0;
    }

    static StatelessConnection open(HttpClientStreamableHttpTransport.Builder builder, String protocolVersion) {
        HttpClientStreamableHttpTransport transport = builder.supportedProtocolVersions(List.of(protocolVersion)).build();
        StatelessConnection connection = new StatelessConnection(transport, protocolVersion);
        transport.connect(incoming -> incoming.doOnNext(connection::deliver).then(Mono.empty())).block();
        return connection;
    }

    private void deliver(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCResponse response) {
            CompletableFuture<McpSchema.JSONRPCResponse> waiting = pending.remove(response.id());
            if (waiting != null) {
                waiting.complete(response);
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> listTools() {
        Map<String, Object> result = request("tools/list", new LinkedHashMap<>());
        List<Map<String, Object>> tools = (List<Map<String, Object>>) result.getOrDefault("tools", List.of());
        return tools.stream().map(tool -> String.valueOf(tool.get("name"))).toList();
    }

    @Override
    public String callTool(String name, Map<String, Object> arguments) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", name);
        params.put("arguments", arguments);
        return String.valueOf(request("tools/call", params).get("content"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> request(String method, Map<String, Object> params) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("io.modelcontextprotocol/protocolVersion", protocolVersion);
        meta.put("io.modelcontextprotocol/clientCapabilities", Map.of());
        meta.put("io.modelcontextprotocol/clientInfo",
                Map.of("name", ConformanceClient.CLIENT_NAME, "version", ConformanceClient.CLIENT_VERSION));
        params.put("_meta", meta);
        int id = ids.incrementAndGet();
        CompletableFuture<McpSchema.JSONRPCResponse> response = new CompletableFuture<>();
        pending.put(id, response);
        transport.sendMessage(new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, method, id, params))
                .block(REQUEST_TIMEOUT);
        McpSchema.JSONRPCResponse answer;
        try {
            answer = response.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no answer to " + method + ": " + e, e);
        }
        if (answer.error() != null) {
            throw new IllegalStateException(method + " failed: " + answer.error().message());
        }
        return answer.result() instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @Override
    public void close() {
        transport.closeGracefully().block(REQUEST_TIMEOUT);
    }
}

package dev.mcpoauth.mcpsdk.conformance;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a conformance scenario does over MCP once authorized: list the tools and call one. Two wires:
 * the SDK's {@link McpSyncClient} (initialize handshake, revisions up to 2025-11-25), and
 * {@link StatelessConnection} for revision 2026-07-28, which has no handshake (SEP-2575) and which
 * the SDK's client does not speak yet.
 */
interface McpConnection extends AutoCloseable {
    /** Per request; the whole client is bounded by {@link ConformanceClient#DEADLINE}. */
    Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    List<String> listTools();

    String callTool(String name, Map<String, Object> arguments);

    @Override
    void close();

    /** Opens a connection speaking {@code protocolVersion} over a transport built from {@code transport}. */
    static McpConnection open(HttpClientStreamableHttpTransport.Builder transport, String protocolVersion) {
        if (StatelessConnection.isStateless(protocolVersion)) {
            return StatelessConnection.open(transport, protocolVersion);
        }
        McpSyncClient client = McpClient.sync(transport.build())
                .clientInfo(McpSchema.Implementation.builder(ConformanceClient.CLIENT_NAME, ConformanceClient.CLIENT_VERSION).build())
                .requestTimeout(REQUEST_TIMEOUT)
                .initializationTimeout(REQUEST_TIMEOUT)
                .build();
        client.initialize();
        return new McpConnection() {
            @Override
            public List<String> listTools() {
                return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            }

            @Override
            public String callTool(String name, Map<String, Object> arguments) {
                McpSchema.CallToolResult result = client.callTool(
                        McpSchema.CallToolRequest.builder(name).arguments(arguments).build());
                return String.valueOf(result.content());
            }

            @Override
            public void close() {
                client.closeGracefully();
            }
        };
    }
}

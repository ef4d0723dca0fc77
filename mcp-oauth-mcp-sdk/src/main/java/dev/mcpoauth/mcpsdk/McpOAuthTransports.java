package dev.mcpoauth.mcpsdk;

import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.net.URI;
import java.util.Objects;

/**
 * OAuth for the official MCP Java SDK in one statement: a
 * {@link HttpClientStreamableHttpTransport.Builder} whose requests carry the server's access token,
 * refreshed before it expires, and whose 401 and 403 answers lead to a refresh, a login or a
 * step-up (MCP authorization, revision 2026-07-28; RFC 6750; RFC 9728; RFC 8414).
 *
 * <pre>{@code
 * McpSyncClient client = McpClient.sync(
 *         McpOAuthTransports.streamableHttp(URI.create("https://mcp.example.com/mcp"), McpOAuth.builder("docs").build())
 *                 .build())
 *         .build();
 * client.initialize();
 * client.listTools().tools().forEach(tool -> System.out.println(tool.name()));
 * }</pre>
 *
 * <p>The builder is the SDK's own: configure it further as usual. Add request customizers with
 * {@code addAsyncHttpRequestCustomizer}; {@code asyncHttpRequestCustomizer(...)} and
 * {@code authorizationErrorHandler(...)} would replace the ones installed here.
 */
public final class McpOAuthTransports {
    private McpOAuthTransports() {
    }

    /**
     * A Streamable HTTP transport builder for the MCP endpoint {@code serverUrl} (for example
     * {@code https://mcp.example.com/mcp}), authenticated as {@code oauth} says.
     */
    public static HttpClientStreamableHttpTransport.Builder streamableHttp(URI serverUrl, McpOAuth oauth) {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(oauth, "oauth");
        OAuthSession session = new OAuthSession(oauth, serverUrl);
        return HttpClientStreamableHttpTransport.builder(serverUrl.getScheme() + "://" + serverUrl.getRawAuthority())
                .endpoint(endpoint(serverUrl))
                .addAsyncHttpRequestCustomizer(new StandardRequestHeaders())
                .addAsyncHttpRequestCustomizer(new AccessTokenCustomizer(session))
                .authorizationErrorHandler(new OAuthErrorHandler(session));
    }

    /** As {@link #streamableHttp(URI, McpOAuth)}, with the default options for the server called {@code serverName}. */
    public static HttpClientStreamableHttpTransport.Builder streamableHttp(URI serverUrl, String serverName) {
        return streamableHttp(serverUrl, McpOAuth.builder(serverName).build());
    }

    private static String endpoint(URI serverUrl) {
        String path = serverUrl.getRawPath() == null || serverUrl.getRawPath().isEmpty() ? "/" : serverUrl.getRawPath();
        return serverUrl.getRawQuery() == null ? path : path + "?" + serverUrl.getRawQuery();
    }
}

package dev.mcpoauth.mcpsdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A real local MCP endpoint in front of the testkit's that forwards every request, except that
 * {@code tools/call} with a token always answers 403 {@code insufficient_scope} for {@code mcp:admin}:
 * a server whose step-up never succeeds.
 */
final class ForbiddingProxy implements AutoCloseable {
    static final String SCOPE = "mcp:admin";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final HttpServer server;
    private final URI target;
    private final URI resourceMetadata;

    ForbiddingProxy(URI target, URI resourceMetadata) throws IOException {
        this.target = target;
        this.resourceMetadata = resourceMetadata;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mcp", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String text = new String(body, StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null && text.contains("\"tools/call\"")) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\""
                        + SCOPE + "\", resource_metadata=\"" + resourceMetadata + "\"");
                send(exchange, 403, "application/json", "{\"error\":\"insufficient_scope\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(target)
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (String name : List.of("Authorization", "Content-Type", "Accept", "MCP-Protocol-Version")) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    forward.header(name, value);
                }
            }
            HttpResponse<byte[]> response = CLIENT.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().allValues("www-authenticate")
                    .forEach(value -> exchange.getResponseHeaders().add("WWW-Authenticate", value));
            send(exchange, response.statusCode(), response.headers().firstValue("content-type").orElse("application/json"),
                    response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

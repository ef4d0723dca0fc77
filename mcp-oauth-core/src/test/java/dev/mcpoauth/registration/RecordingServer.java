package dev.mcpoauth.registration;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mcpoauth.internal.Urls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A real HTTP server on 127.0.0.1 for tests: enqueue the responses, run the code, then assert on the
 * requests it recorded. A request with nothing enqueued gets a 500, so unexpected calls fail loudly.
 */
public final class RecordingServer implements AutoCloseable {

    /** One request as received. Header names are lower-cased. */
    public record Recorded(String method, String path, String query, Map<String, List<String>> headers, String body) {

        /** The first value of a header, or {@code null}. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The body as application/x-www-form-urlencoded parameters (first value per name). */
        public Map<String, String> form() {
            return Urls.parseQuery(body, new ArrayList<>());
        }
    }

    private record Canned(int status, String contentType, String body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final BlockingQueue<Canned> responses = new LinkedBlockingQueue<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    private RecordingServer(HttpServer server) {
        this.server = server;
    }

    public static RecordingServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            RecordingServer recording = new RecordingServer(server);
            server.createContext("/", recording::handle);
            server.start();
            return recording;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
    }

    /** Queues the next response. */
    public RecordingServer enqueue(int status, String contentType, String body) {
        return enqueue(status, contentType, body, Map.of());
    }

    /** Queues the next response with extra response headers. */
    public RecordingServer enqueue(int status, String contentType, String body, Map<String, String> headers) {
        responses.add(new Canned(status, contentType, body, Map.copyOf(headers)));
        return this;
    }

    /** Queues the next response as {@code application/json}. */
    public RecordingServer enqueueJson(int status, String json) {
        return enqueue(status, "application/json", json);
    }

    /** {@code http://127.0.0.1:port} followed by {@code path}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Every request received so far, in order. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The one request received; fails when there were none or several. */
    public Recorded onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + requests.size() + ": " + requests);
        }
        return requests.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            URI uri = exchange.getRequestURI();
            requests.add(new Recorded(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    Map.copyOf(headers), body));
            Canned canned = responses.poll();
            if (canned == null) {
                canned = new Canned(500, "application/json",
                        "{\"error\":\"server_error\",\"error_description\":\"no response enqueued\"}", Map.of());
            }
            byte[] bytes = canned.body().getBytes(StandardCharsets.UTF_8);
            canned.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            if (canned.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", canned.contentType());
            }
            exchange.sendResponseHeaders(canned.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

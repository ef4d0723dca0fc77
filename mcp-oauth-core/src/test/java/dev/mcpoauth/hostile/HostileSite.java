package dev.mcpoauth.hostile;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A purpose-built misbehaving HTTP server on 127.0.0.1: each path answers however the test says,
 * including ways no honest server would (huge bodies, bodies that never end, bytes that are not
 * UTF-8). Every request is appended to a log shared by all the sites of a test, so a test can
 * assert where anything was sent.
 */
final class HostileSite implements AutoCloseable {
    /** Longest a trickling answer keeps going, so a test that fails never leaves it running. */
    static final long MAX_TRICKLE_MILLIS = 20_000;

    /** One request as received. */
    record Seen(String site, String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** Everything the request carried, for scanning for secrets. */
        String everything() {
            return method + " " + path + "?" + query + " " + headers + " " + body;
        }

        @Override
        public String toString() {
            return site + ": " + method + " " + path;
        }
    }

    /** Writes the answer to one request. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange, Seen seen) throws IOException;
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "hostile-site");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<Seen> log;

    HostileSite(String name, List<Seen> log) throws IOException {
        this.name = name;
        this.log = log;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:port}. */
    String origin() {
        return "http://127.0.0.1:" + port();
    }

    int port() {
        return server.getAddress().getPort();
    }

    URI url(String path) {
        return URI.create(origin() + path);
    }

    /** Answers requests to exactly {@code path} (query ignored) with {@code handler}. */
    HostileSite on(String path, Handler handler) {
        handlers.put(path, handler);
        return this;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((n, v) -> headers.put(n.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readNBytes(1024 * 1024), StandardCharsets.UTF_8);
            }
            URI uri = exchange.getRequestURI();
            Seen seen = new Seen(name, exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    Map.copyOf(headers), body);
            log.add(seen);
            Handler handler = handlers.get(uri.getRawPath());
            if (handler == null) {
                send(exchange, 404, "application/json", "{\"error\":\"not_found\"}");
                return;
            }
            try {
                handler.handle(exchange, seen);
            } catch (IOException e) {
                // the client hung up, as it should when an answer is too big or too slow
            }
        }
    }

    // ---- answers ----

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static Handler json(String body) {
        return (exchange, seen) -> send(exchange, 200, "application/json", body);
    }

    static Handler json(int status, String body) {
        return (exchange, seen) -> send(exchange, status, "application/json", body);
    }

    static Handler redirect(String location) {
        return (exchange, seen) -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
        };
    }

    /** {@code bytes} of a JSON string, with or without a Content-Length announcing them. */
    static Handler huge(int bytes, boolean announceLength) {
        return (exchange, seen) -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, announceLength ? bytes : 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'a');
                chunk[0] = '"';
                for (int sent = 0; sent < bytes; sent += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, bytes - sent));
                    chunk[0] = 'a';
                }
            }
        };
    }

    /** A 200 whose body starts and then trickles one byte every {@code everyMillis}, never finishing. */
    static Handler trickle(long everyMillis) {
        return (exchange, seen) -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            long end = System.currentTimeMillis() + MAX_TRICKLE_MILLIS;
            try (OutputStream out = exchange.getResponseBody()) {
                out.write('{');
                while (System.currentTimeMillis() < end) {
                    out.write(' ');
                    out.flush();
                    sleep(everyMillis);
                }
            }
        };
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

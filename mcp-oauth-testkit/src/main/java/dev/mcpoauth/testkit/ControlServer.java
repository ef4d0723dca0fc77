package dev.mcpoauth.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small control API for test servers run as a separate process ({@code TestServersMain --control}), so programs in
 * other languages can read what the servers received. Bound to 127.0.0.1 on its own ephemeral port; its own requests
 * are not recorded. Every answer is JSON.
 *
 * <ul>
 *   <li>{@code GET /mark}: {@code {"mark": n}}, the number of requests recorded so far; pass it as {@code since} to
 *       look only at later requests.</li>
 *   <li>{@code GET /count?method=POST&path=/token&since=n}: {@code {"count": c}}.</li>
 *   <li>{@code GET /round-trips?since=n}: the {@link RoundTrips} before the first authorization request after
 *       {@code since}: {@code {"roundTrips": w, "requests": r, "authorizationSeen": bool, "waves": [["POST /mcp"],
 *       ...], "gapsMicros": [...]}}, plus {@code allWaves} and {@code allGapsMicros} for every request after
 *       {@code since} (the client's time between two round trips, see {@link RoundTrips#gaps()}).</li>
 *   <li>{@code GET /requests?since=n}: each request's method, path, server and times (microseconds since
 *       {@code since}'s first request).</li>
 *   <li>{@code POST /expire-access-tokens}: {@link TestServers#expireAccessTokens()}; {@code {}}.</li>
 * </ul>
 */
final class ControlServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final TestServers servers;

    private ControlServer(HttpServer server, ExecutorService executor, TestServers servers) {
        this.server = server;
        this.executor = executor;
        this.servers = servers;
    }

    static ControlServer start(TestServers servers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "testkit-control");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        ControlServer control = new ControlServer(server, executor, servers);
        server.createContext("/", control::handle);
        server.start();
        return control;
    }

    /** {@code http://127.0.0.1:PORT}, no trailing slash. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Params params;
            try {
                params = Params.parse(exchange.getRequestURI().getRawQuery());
            } catch (IllegalArgumentException e) {
                send(exchange, 400, Json.object("error", "malformed query: " + e.getMessage()));
                return;
            }
            Object answer;
            try {
                answer = answer(method, path, params);
            } catch (IllegalArgumentException e) {
                send(exchange, 400, Json.object("error", e.getMessage()));
                return;
            }
            if (answer == null) {
                send(exchange, 404, Json.object("error", "no control endpoint " + method + " " + path));
            } else {
                send(exchange, 200, answer);
            }
        } finally {
            exchange.close();
        }
    }

    private Object answer(String method, String path, Params params) {
        switch (method + " " + path) {
            case "GET /mark":
                return Json.object("mark", servers.requests().size());
            case "GET /count": {
                String m = required(params, "method");
                String p = required(params, "path");
                long count = since(params).stream().filter(r -> r.method().equalsIgnoreCase(m) && r.path().equals(p))
                        .count();
                return Json.object("count", count);
            }
            case "GET /round-trips": {
                List<RecordedRequest> requests = since(params);
                RoundTrips trips = RoundTrips.beforeAuthorization(requests, servers.issuer());
                RoundTrips all = RoundTrips.of(requests);
                return Json.object("roundTrips", trips.count(), "requests", trips.requests(),
                        "authorizationSeen", trips.requests() < requests.size(), "waves", names(trips),
                        "gapsMicros", micros(trips), "allWaves", names(all), "allGapsMicros", micros(all));
            }
            case "GET /requests": {
                List<RecordedRequest> requests = since(params);
                Instant start = requests.isEmpty() ? null : requests.get(0).receivedAt();
                List<Map<String, Object>> out = new ArrayList<>();
                for (RecordedRequest r : requests) {
                    out.add(Json.object("method", r.method(), "path", r.path(), "server", r.server(),
                            "receivedMicros", micros(start, r.receivedAt()),
                            "answeredMicros", micros(start, r.answeredAt())));
                }
                return out;
            }
            case "POST /expire-access-tokens":
                servers.expireAccessTokens();
                return Json.object();
            default:
                return null;
        }
    }

    private static List<List<String>> names(RoundTrips trips) {
        List<List<String>> waves = new ArrayList<>();
        for (List<RecordedRequest> wave : trips.waves()) {
            waves.add(wave.stream().map(r -> r.method() + " " + r.path()).toList());
        }
        return waves;
    }

    private static List<Long> micros(RoundTrips trips) {
        return trips.gaps().stream().map(d -> d.toNanos() / 1000).toList();
    }

    private static Long micros(Instant start, Instant at) {
        return start == null || at == null ? null : java.time.Duration.between(start, at).toNanos() / 1000;
    }

    private static String required(Params params, String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing query parameter " + name);
        }
        return value;
    }

    private List<RecordedRequest> since(Params params) {
        List<RecordedRequest> all = servers.requests();
        String raw = params.get("since");
        if (raw == null || raw.isEmpty()) {
            return all;
        }
        int since;
        try {
            since = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("since must be a request count: " + raw);
        }
        if (since < 0 || since > all.size()) {
            throw new IllegalArgumentException("since must be between 0 and " + all.size() + ": " + raw);
        }
        return all.subList(since, all.size());
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.bytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package dev.mcpoauth.discovery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A real HTTP server on 127.0.0.1 for discovery tests: enqueue answers per path (query included),
 * run discovery, then assert on the requests received. Each enqueued answer is used once; a path
 * with nothing enqueued answers 404, which is what a server without that metadata does.
 * Requests from every site of a test go to one shared log, so their order across origins shows.
 */
final class RecordingSite implements AutoCloseable {

    /** A canned response. {@code headers} may repeat a name (several header lines). */
    record Answer(int status, String contentType, byte[] body, List<Map.Entry<String, String>> headers) {

        static Answer json(String body) {
            return new Answer(200, "application/json", body.getBytes(StandardCharsets.UTF_8), List.of());
        }

        static Answer of(int status, String contentType, String body) {
            return new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8), List.of());
        }

        /** A 401 with one {@code WWW-Authenticate} line per value. */
        static Answer unauthorized(String... challenges) {
            return withChallenges(401, challenges);
        }

        static Answer withChallenges(int status, String... challenges) {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (String challenge : challenges) {
                headers.add(Map.entry("WWW-Authenticate", challenge));
            }
            return new Answer(status, "application/json", "{}".getBytes(StandardCharsets.UTF_8), headers);
        }

        static Answer redirect(String location) {
            return new Answer(302, "text/plain", new byte[0], List.of(Map.entry("Location", location)));
        }
    }

    /** One request as received: header names lower-cased. */
    record Received(String method, String url, Map<String, List<String>> headers, String body) {

        /** The first value of a header, or {@code null}. */
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        @Override
        public String toString() {
            return method + " " + url;
        }
    }

    private final HttpServer server;
    private final Map<String, Queue<Answer>> answers = new ConcurrentHashMap<>();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.CountDownLatch> holds = new ConcurrentHashMap<>();
    private final Map<String, Runnable> hooks = new ConcurrentHashMap<>();
    private final List<Received> log;

    /** Starts a site that appends what it receives to {@code log} (shared between the sites of a test). */
    RecordingSite(List<Received> log) throws IOException {
        this.log = log;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // One thread per request, so a delayed answer does not hold up the others.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "recording-site");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** {@code http://127.0.0.1:port}, no trailing slash. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@link #origin()} followed by {@code path}. */
    String url(String path) {
        return origin() + path;
    }

    /** Queues the answer for the next request to {@code path} (with its query, if any). */
    RecordingSite enqueue(String path, Answer answer) {
        answers.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(answer);
        return this;
    }

    /** Answers every request to {@code path} only after {@code millis}. */
    RecordingSite delay(String path, long millis) {
        delays.put(path, millis);
        return this;
    }

    /** Answers requests to {@code path} only once {@code latch} is open (or after 5 s). */
    RecordingSite hold(String path, java.util.concurrent.CountDownLatch latch) {
        holds.put(path, latch);
        return this;
    }

    /** Runs {@code action} when a request to {@code path} arrives, before it is answered. */
    RecordingSite whenRequested(String path, Runnable action) {
        hooks.put(path, action);
        return this;
    }

    /** Paths with enqueued answers that no request used. */
    List<String> unused() {
        List<String> out = new ArrayList<>();
        answers.forEach((path, queue) -> {
            if (!queue.isEmpty()) {
                out.add(path);
            }
        });
        return out;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            log.add(new Received(exchange.getRequestMethod(), origin() + target, Map.copyOf(headers), body));
            Runnable hook = hooks.get(target);
            if (hook != null) {
                hook.run();
            }
            java.util.concurrent.CountDownLatch latch = holds.get(target);
            if (latch != null) {
                try {
                    latch.await(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Long delay = delays.get(target);
            if (delay != null) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Queue<Answer> queue = answers.get(target);
            Answer answer = queue == null ? null : queue.poll();
            if (answer == null) {
                answer = Answer.of(404, "application/json", "{\"error\":\"not_found\"}");
            }
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            answer.headers().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
            byte[] bytes = answer.body();
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                } catch (IOException e) {
                    // The client may stop reading early (a body over its size cap); nothing to do.
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

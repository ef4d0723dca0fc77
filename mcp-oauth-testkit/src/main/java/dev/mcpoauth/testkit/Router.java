package dev.mcpoauth.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The single {@link HttpHandler} of one server: reads the body (capped at 1 MiB), records the request, dispatches by
 * exact path (or path prefix) and method, injects the configured delay and writes the response. Unknown paths get a
 * 404 JSON error, known paths with another method a 405 with {@code Allow}.
 */
final class Router implements HttpHandler {

    /** Handles one request. */
    @FunctionalInterface
    interface Handler {
        Response handle(Request request) throws Exception;
    }

    static final int MAX_BODY_BYTES = 1024 * 1024;

    private record Route(String owner, Map<String, Handler> byMethod) {
    }

    private final String serverName;
    private final RequestLog log;
    private final Duration delay;
    private final Map<String, Route> exact = new ConcurrentHashMap<>();
    private final List<Map.Entry<String, Route>> prefixes = new CopyOnWriteArrayList<>();

    Router(String serverName, RequestLog log, Duration delay) {
        this.serverName = serverName;
        this.log = log;
        this.delay = delay;
    }

    /** Routes {@code method path} (exact raw path) to {@code handler}; {@code owner} labels the recorded requests. */
    Router on(String method, String path, String owner, Handler handler) {
        exact.computeIfAbsent(path, p -> new Route(owner, new ConcurrentHashMap<>())).byMethod().put(method, handler);
        return this;
    }

    /** Routes every path starting with {@code prefix} (and the method) to {@code handler}. */
    Router onPrefix(String method, String prefix, String owner, Handler handler) {
        Map<String, Handler> byMethod = new ConcurrentHashMap<>();
        byMethod.put(method, handler);
        prefixes.add(Map.entry(prefix, new Route(owner, byMethod)));
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            byte[] body = readCapped(exchange.getRequestBody());
            boolean tooLarge = body.length > MAX_BODY_BYTES;
            String text = new String(tooLarge ? Arrays.copyOf(body, MAX_BODY_BYTES) : body, StandardCharsets.UTF_8);
            Map<String, List<String>> headers = lowerCaseHeaders(exchange);
            Route route = find(path);
            String owner = route == null ? serverName : route.owner();
            RequestLog.Entry entry = log.add(method, path, uri.getRawQuery(), headers, text, owner);

            Response response;
            if (tooLarge) {
                response = Response.error(413, "invalid_request", "request body exceeds 1 MiB");
            } else {
                response = dispatch(route, new Request(method, path, uri.getRawQuery(), headers, text));
            }
            pause();
            // Recorded before the write: once the client has the answer, the log must already say so.
            log.answered(entry);
            send(exchange, response);
        } finally {
            exchange.close();
        }
    }

    private Route find(String path) {
        Route route = exact.get(path);
        if (route != null) {
            return route;
        }
        for (Map.Entry<String, Route> prefix : prefixes) {
            if (path.startsWith(prefix.getKey())) {
                return prefix.getValue();
            }
        }
        return null;
    }

    private static Response dispatch(Route route, Request request) {
        if (route == null) {
            return Response.error(404, "not_found", "no endpoint at " + request.rawPath());
        }
        Handler handler = route.byMethod().get(request.method());
        if (handler == null) {
            String allow = String.join(", ", route.byMethod().keySet().stream().sorted().toList());
            return Response.error(405, "method_not_allowed", request.method() + " is not allowed here; use " + allow)
                    .withHeader("Allow", allow);
        }
        try {
            return handler.handle(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.error(500, "server_error", "interrupted");
        } catch (Exception e) {
            return Response.error(500, "server_error", e.toString());
        }
    }

    private void pause() {
        if (!delay.isZero() && !delay.isNegative()) {
            try {
                Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Map<String, List<String>> lowerCaseHeaders(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** Reads at most {@code MAX_BODY_BYTES + 1} bytes, so an oversized body is detected without buffering it all. */
    private static byte[] readCapped(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int remaining = MAX_BODY_BYTES + 1;
        int n;
        while (remaining > 0 && (n = in.read(buffer, 0, Math.min(buffer.length, remaining))) > 0) {
            out.write(buffer, 0, n);
            remaining -= n;
        }
        return out.toByteArray();
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}

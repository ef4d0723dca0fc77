package dev.mcpoauth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Debian {@code chromium} driven over the Chrome DevTools Protocol with the JDK's WebSocket
 * client: open a page, evaluate JavaScript in it, take a screenshot. A fresh profile per instance;
 * {@link #close()} ends the browser and its helper processes.
 */
final class Chromium implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--remote-allow-origins=*", "--window-size=900,640", "--hide-scrollbars", "--disable-crash-reporter",
            "--disable-breakpad");
    /** Longest wait for one DevTools answer. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private String sessionId;

    private Chromium(Process process, WebSocket socket, Listener listener) {
        this.process = process;
        this.socket = socket;
        listener.owner = this;
    }

    static boolean available() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** Starts the browser with a fresh profile in {@code profileDir} and attaches to a new tab showing {@code url}. */
    static Chromium open(Path profileDir, URI url) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(EXECUTABLE.toString()));
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profileDir);
        command.add("--remote-debugging-port=0");
        command.add("about:blank");
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            URI devtools = devToolsUrl(process);
            Listener listener = new Listener();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(devtools, listener).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Chromium chromium = new Chromium(process, socket, listener);
            ObjectNode target = Json.MAPPER.createObjectNode().put("url", url.toString());
            String targetId = chromium.call("Target.createTarget", target).path("targetId").asText();
            chromium.sessionId = chromium.call("Target.attachToTarget",
                    Json.MAPPER.createObjectNode().put("targetId", targetId).put("flatten", true)).path("sessionId").asText();
            return chromium;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            destroy(process); // never leave a browser behind, whatever went wrong
            throw e;
        } catch (Exception e) {
            destroy(process);
            throw new IOException("cannot connect to chromium's DevTools", e);
        }
    }

    /** The browser prints {@code DevTools listening on ws://...} on stderr once it is ready. */
    private static URI devToolsUrl(Process process) throws IOException {
        BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = stderr.readLine()) != null) {
            seen.append(line).append('\n');
            int at = line.indexOf("ws://");
            if (line.startsWith("DevTools listening on") && at >= 0) {
                Thread drain = new Thread(() -> {
                    try {
                        stderr.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException e) {
                        // the browser ended
                    }
                }, "chromium-stderr");
                drain.setDaemon(true);
                drain.start();
                return URI.create(line.substring(at).strip());
            }
        }
        throw new IOException("chromium ended before DevTools was ready:\n" + seen);
    }

    /** Evaluates a JavaScript expression in the page and returns its value. */
    JsonNode evaluate(String expression) {
        ObjectNode params = Json.MAPPER.createObjectNode().put("expression", expression).put("returnByValue", true);
        return call("Runtime.evaluate", params).path("result").path("value");
    }

    /** Waits until {@code expression} is true in the page. */
    void await(String expression, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (evaluate(expression).asBoolean(false)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the page never satisfied `" + expression + "`; it is at "
                + evaluate("location.href").asText() + " showing: " + evaluate("document.body ? document.body.innerText : ''").asText());
    }

    /** A PNG of the visible page. */
    void screenshot(Path file) throws IOException {
        JsonNode result = call("Page.captureScreenshot", Json.MAPPER.createObjectNode().put("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(result.path("data").asText()));
    }

    private JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        ObjectNode message = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(message.toString(), true).join();
        try {
            JsonNode response = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (response.has("error")) {
                throw new IllegalStateException(method + " failed: " + response.path("error"));
            }
            return response.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + method, e);
        } catch (Exception e) {
            throw new IllegalStateException(method + " got no answer", e);
        }
    }

    @Override
    public void close() {
        socket.abort();
        destroy(process);
    }

    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Collects text frames and hands each answer to the call waiting for its id. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder frame = new StringBuilder();
        private Chromium owner;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                String text = frame.toString();
                frame.setLength(0);
                try {
                    JsonNode message = Json.MAPPER.readTree(text);
                    if (message.has("id") && owner != null) {
                        CompletableFuture<JsonNode> answer = owner.pending.remove(message.path("id").asInt());
                        if (answer != null) {
                            answer.complete(message);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}

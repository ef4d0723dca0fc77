package dev.mcpoauth.cimdhost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code e2e/oidc-provider/provider.js} running in a child process: oidc-provider on loopback and the
 * small protected MCP resource server beside it. Closing it ends the process.
 */
final class OidcProviderProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    final String issuer;
    final URI mcp;
    private final URI events;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private OidcProviderProcess(Process process, ObjectNode ready) {
        this.process = process;
        this.issuer = ready.get("issuer").textValue();
        this.mcp = URI.create(ready.get("mcp").textValue());
        this.events = URI.create(ready.get("events").textValue());
    }

    /**
     * Starts the provider, trusting {@code caPem} for its outgoing https (the metadata host's test CA),
     * and allowing metadata document fetches from {@code cimdOrigin}.
     */
    static OidcProviderProcess start(E2eTools tools, Path caPem, String cimdOrigin, Path log) throws Exception {
        Process process = tools.node(Map.of("NODE_EXTRA_CA_CERTS", caPem.toString()),
                        "provider.js", "--cimd-origin", cimdOrigin)
                .redirectError(log.toFile())
                .start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = firstLine.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("provider.js did not start within " + START_TIMEOUT.toSeconds() + " s; see " + log);
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IllegalStateException("provider.js exited before it was ready; see " + log);
        }
        return new OidcProviderProcess(process, Json.parseObject(line.getBytes(StandardCharsets.UTF_8), "provider.js"));
    }

    /** What the provider and the resource server recorded so far. */
    List<JsonNode> events() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        List<JsonNode> list = new ArrayList<>();
        Json.MAPPER.readTree(response.body()).forEach(list::add);
        return list;
    }

    /** Events of one type recorded after the first {@code skip} events. */
    List<JsonNode> events(String type, int skip) throws IOException, InterruptedException {
        List<JsonNode> all = events();
        return all.subList(Math.min(skip, all.size()), all.size()).stream()
                .filter(event -> type.equals(event.path("type").asText()))
                .toList();
    }

    /** Calls the MCP endpoint with {@code initialize} and a bearer token; returns the status. */
    int callMcp(String accessToken) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(mcp)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + accessToken)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

package dev.mcpoauth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Client of the testkit's control API ({@code TestServersMain --control}): what the servers received, read the same
 * way for mcp-oauth and for the TypeScript driver. The round-trip grouping itself lives in the testkit
 * ({@code dev.mcpoauth.testkit.RoundTrips}), behind {@code GET /round-trips}.
 */
final class TestkitControl {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String origin;

    TestkitControl(String origin) {
        this.origin = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }

    /** The number of requests the servers have recorded so far. */
    int mark() {
        return call("GET", "/mark").get("mark").asInt();
    }

    /** Round trips before the first authorization request after {@code since}: {@code roundTrips}, {@code waves}. */
    JsonNode roundTrips(int since) {
        return call("GET", "/round-trips?since=" + since);
    }

    /** Requests after {@code since}: method, path, server, times. */
    JsonNode requests(int since) {
        return call("GET", "/requests?since=" + since);
    }

    int count(String method, String path, int since) {
        return call("GET", "/count?method=" + method + "&path=" + URLEncoder.encode(path, StandardCharsets.UTF_8)
                + "&since=" + since).get("count").asInt();
    }

    void expireAccessTokens() {
        call("POST", "/expire-access-tokens");
    }

    private JsonNode call(String method, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("testkit control " + pathAndQuery + ": HTTP " + response.statusCode()
                        + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("testkit control " + origin + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

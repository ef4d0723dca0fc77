package dev.mcpoauth.mcpsdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mcpoauth.http.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real local MCP endpoint that accepts only DPoP-bound tokens (RFC 9449 §7) and demands its nonce
 * first (§9): without the nonce in the proof it answers 401 {@code use_dpop_nonce} with a
 * {@code DPoP-Nonce}; with it, a minimal JSON-RPC server (initialize, tools/list).
 */
final class DPoPResourceServer implements AutoCloseable {
    static final String NONCE = "rs-nonce-1";

    /** One request as received: its Authorization header and its DPoP proof's claims. */
    record Seen(String authorization, String proofNonce, String proofAth, String proofHtu) {
    }

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    DPoPResourceServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mcp", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "");
                return;
            }
            String proof = exchange.getRequestHeaders().getFirst("DPoP");
            String nonce = null;
            String ath = null;
            String htu = null;
            if (proof != null) {
                try {
                    var claims = SignedJWT.parse(proof).getJWTClaimsSet();
                    nonce = claims.getStringClaim("nonce");
                    ath = claims.getStringClaim("ath");
                    htu = claims.getStringClaim("htu");
                } catch (java.text.ParseException e) {
                    send(exchange, 400, "{\"error\":\"invalid_dpop_proof\"}");
                    return;
                }
            }
            seen.add(new Seen(exchange.getRequestHeaders().getFirst("Authorization"), nonce, ath, htu));
            if (!NONCE.equals(nonce)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\"");
                exchange.getResponseHeaders().set("DPoP-Nonce", NONCE);
                send(exchange, 401, "{\"error\":\"use_dpop_nonce\"}");
                return;
            }
            JsonNode message = Json.MAPPER.readTree(body);
            if (!message.has("id")) {
                send(exchange, 202, "");
                return;
            }
            String id = message.get("id").toString();
            String result = switch (message.path("method").asText()) {
                case "initialize" -> "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
                        + "\"serverInfo\":{\"name\":\"dpop-test\",\"version\":\"1\"}}";
                case "tools/list" -> "{\"tools\":[{\"name\":\"bound\",\"inputSchema\":{\"type\":\"object\"}}]}";
                default -> "{}";
            };
            send(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

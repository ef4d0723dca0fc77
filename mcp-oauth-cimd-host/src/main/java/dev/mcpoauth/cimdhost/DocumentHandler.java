package dev.mcpoauth.cimdhost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mcpoauth.authorize.CallbackId;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.registration.ClientMetadataUrls;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request of a {@link ClientMetadataHost}: {@code GET} of a document path with a
 * document, anything else with a JSON refusal. Never redirects (draft-ietf-oauth-client-id-metadata-document
 * §4: the document is served with 200 at its own URL).
 */
final class DocumentHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentHandler.class);
    private static final String JSON = "application/json";

    private final String publicBase;
    private final String basePath;
    private final String clientName;
    private final RedirectUriPolicy policy;
    private final FixedDocument fixed;
    private final String cacheControl;
    private final RequestListener listener;

    /**
     * @param publicBase canonical public base without trailing {@code /}
     * @param basePath   its raw path, without trailing {@code /} (may be empty)
     * @param fixed      the static document, or {@code null} for callback-scoped documents
     */
    DocumentHandler(String publicBase, String basePath, String clientName, RedirectUriPolicy policy,
                    FixedDocument fixed, Duration cacheMaxAge, RequestListener listener) {
        this.publicBase = publicBase;
        this.basePath = basePath;
        this.clientName = clientName;
        this.policy = policy;
        this.fixed = fixed;
        this.cacheControl = "public, max-age=" + cacheMaxAge.toSeconds();
        this.listener = listener;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        ServedRequest served;
        try {
            if (!method.equals("GET")) {
                served = refuse(exchange, method, rawPath, rawQuery, Refusal.methodNotAllowed(method));
            } else if (fixed != null) {
                served = serveFixed(exchange, rawPath, rawQuery);
            } else {
                served = serveCallbackScoped(exchange, rawPath, rawQuery);
            }
        } catch (RuntimeException e) {
            LOG.warn("Failed to answer {} {}: {}", method, target(rawPath, rawQuery), e.toString());
            served = refuse(exchange, method, rawPath, rawQuery, Refusal.serverError());
        } finally {
            exchange.close();
        }
        LOG.debug("{}", served.toLogLine());
        try {
            listener.onRequest(served);
        } catch (RuntimeException e) {
            LOG.warn("The request listener failed: {}", e.toString());
        }
    }

    private ServedRequest serveCallbackScoped(HttpExchange exchange, String rawPath, String rawQuery) throws IOException {
        DocumentRequest.Outcome outcome = DocumentRequest.read(basePath, rawPath, rawQuery);
        if (outcome.refusal() != null) {
            return refuse(exchange, "GET", rawPath, rawQuery, outcome.refusal());
        }
        DocumentRequest request = outcome.request();
        Optional<Refusal> refusal = policy.check(request.redirectUri(), request.callbackId());
        if (refusal.isPresent()) {
            return refuse(exchange, "GET", rawPath, rawQuery, refusal.get());
        }
        // The same builder clients use, so the client_id is byte for byte the URL they send.
        String clientId = ClientMetadataUrls.callbackScoped(publicBase, new CallbackId(request.callbackId()),
                request.redirectUri());
        byte[] body = new CallbackScopedDocument(clientId, clientName, request.redirectUri()).toBytes();
        sendDocument(exchange, body);
        return new ServedRequest("GET", target(rawPath, rawQuery), 200, clientId, null);
    }

    private ServedRequest serveFixed(HttpExchange exchange, String rawPath, String rawQuery) throws IOException {
        if (rawPath == null || rawPath.length() > DocumentRequest.MAX_PATH_CHARS) {
            return refuse(exchange, "GET", rawPath, rawQuery, Refusal.invalidRequest(
                    "the request path is longer than " + DocumentRequest.MAX_PATH_CHARS + " characters"));
        }
        if (!rawPath.equals(fixed.path())) {
            return refuse(exchange, "GET", rawPath, rawQuery,
                    Refusal.notFound("no client metadata document here; this host serves " + fixed.clientId()));
        }
        if (rawQuery != null) {
            return refuse(exchange, "GET", rawPath, rawQuery, Refusal.invalidRequest(
                    "this document's URL has no query; its client_id is " + fixed.clientId()));
        }
        sendDocument(exchange, fixed.bytes());
        return new ServedRequest("GET", target(rawPath, rawQuery), 200, fixed.clientId(), null);
    }

    private void sendDocument(HttpExchange exchange, byte[] body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", JSON);
        headers.set("Cache-Control", cacheControl);
        headers.set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private ServedRequest refuse(HttpExchange exchange, String method, String rawPath, String rawQuery, Refusal refusal)
            throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        if (refusal.status() == 405) {
            headers.set("Allow", "GET");
        }
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(refusal.status(), -1);
        } else {
            byte[] body = errorBody(refusal);
            headers.set("Content-Type", JSON);
            exchange.sendResponseHeaders(refusal.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        return new ServedRequest(method, target(rawPath, rawQuery), refusal.status(), null, refusal);
    }

    static byte[] errorBody(Refusal refusal) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("error", refusal.error());
        json.put("error_description", refusal.description());
        try {
            return Json.MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    private static String target(String rawPath, String rawQuery) {
        String target = (rawPath == null ? "" : rawPath) + (rawQuery == null ? "" : "?" + rawQuery);
        return target.length() <= ServedRequest.MAX_TARGET_CHARS ? target
                : target.substring(0, ServedRequest.MAX_TARGET_CHARS) + "...";
    }
}

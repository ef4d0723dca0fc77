package dev.mcpoauth.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves a URL {@code client_id} by fetching its Client ID Metadata Document: GET with a 5 s timeout, no
 * redirects, at most 64 KiB, HTTP 200 with a JSON object whose {@code client_id} equals the URL exactly, a non-empty
 * {@code redirect_uris} array and a {@code token_endpoint_auth_method} of {@code none} (or absent). Nothing is cached.
 */
final class ClientMetadataFetcher implements AutoCloseable {

    static final int MAX_DOCUMENT_BYTES = 64 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Why a document could not be used; the message is shown on the authorization endpoint's error page. */
    static final class InvalidClientException extends Exception {
        InvalidClientException(String message) {
            super(message, null, false, false);
        }
    }

    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "testkit-cimd-fetch");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .executor(executor)
            .build();

    /** Whether {@code clientId} looks like a metadata document URL (http or https). */
    static boolean isUrl(String clientId) {
        return clientId.startsWith("https://") || clientId.startsWith("http://");
    }

    Client fetch(String clientId) throws InvalidClientException, InterruptedException {
        URI uri = validateUrl(clientId);
        byte[] bytes = download(uri);
        JsonNode document;
        try {
            document = Json.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new InvalidClientException("client metadata document at " + clientId + " is not valid JSON");
        }
        if (!document.isObject()) {
            throw new InvalidClientException("client metadata document at " + clientId + " is not a JSON object");
        }
        return toClient(clientId, document);
    }

    private static URI validateUrl(String clientId) throws InvalidClientException {
        URI uri;
        try {
            uri = new URI(clientId);
        } catch (URISyntaxException e) {
            throw new InvalidClientException("client_id is not a valid URL: " + clientId);
        }
        String path = uri.getRawPath();
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                || path == null || path.isEmpty() || "/".equals(path)
                || java.util.stream.Stream.of(path.split("/")).anyMatch(s -> s.equals(".") || s.equals(".."))) {
            throw new InvalidClientException("client_id URL must have a host and a path, and no user info, "
                    + "fragment or dot segments: " + clientId);
        }
        return uri;
    }

    private byte[] download(URI uri) throws InvalidClientException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, info -> new LimitedBody());
        HttpResponse<byte[]> response;
        try {
            response = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new InvalidClientException("fetching client metadata document " + uri + " timed out");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidClientException) {
                throw (InvalidClientException) cause;
            }
            throw new InvalidClientException("fetching client metadata document " + uri + " failed: " + cause);
        }
        if (response.statusCode() != 200) {
            throw new InvalidClientException("client metadata document " + uri + " answered HTTP "
                    + response.statusCode() + " (expected 200; redirects are not followed)");
        }
        return response.body();
    }

    private static Client toClient(String clientId, JsonNode document) throws InvalidClientException {
        String documentClientId = document.path("client_id").asText(null);
        if (!clientId.equals(documentClientId)) {
            throw new InvalidClientException("client_id in the metadata document (" + documentClientId
                    + ") does not equal the document URL (" + clientId + ")");
        }
        JsonNode redirects = document.path("redirect_uris");
        List<String> redirectUris = new ArrayList<>();
        if (redirects.isArray()) {
            for (JsonNode r : redirects) {
                if (!r.isTextual()) {
                    throw new InvalidClientException("redirect_uris must contain strings");
                }
                redirectUris.add(r.asText());
            }
        }
        if (redirectUris.isEmpty()) {
            throw new InvalidClientException("client metadata document has no redirect_uris");
        }
        JsonNode method = document.path("token_endpoint_auth_method");
        if (!method.isMissingNode() && !"none".equals(method.asText(null))) {
            throw new InvalidClientException("client metadata document token_endpoint_auth_method must be none, was "
                    + method);
        }
        if (document.has("client_secret")) {
            throw new InvalidClientException("client metadata document must not contain client_secret");
        }
        Set<String> grantTypes = new LinkedHashSet<>();
        document.path("grant_types").forEach(g -> grantTypes.add(g.asText()));
        if (grantTypes.isEmpty()) {
            grantTypes.add("authorization_code");
        }
        String name = document.path("client_name").asText(null);
        RegisteredClient view = new RegisteredClient(clientId, List.copyOf(redirectUris), "none",
                List.copyOf(grantTypes), document.path("application_type").asText(null), name, Json.toMap(document));
        return new Client(clientId, null, Set.of("none"), List.copyOf(redirectUris), false, Set.copyOf(grantTypes),
                name, null, view);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /**
     * Collects a body, failing as soon as the bytes actually received (whatever Content-Length claims) exceed
     * {@link #MAX_DOCUMENT_BYTES}.
     */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                buffer.write(chunk, 0, chunk.length);
            }
            if (buffer.size() > MAX_DOCUMENT_BYTES && !result.isDone()) {
                subscription.cancel();
                result.completeExceptionally(new InvalidClientException(
                        "client metadata document is larger than " + MAX_DOCUMENT_BYTES + " bytes"));
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }
}

package dev.mcpoauth.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as plain data: method, URI, headers, optional body, redirect policy.
 *
 * <pre>{@code
 * HttpCall call = HttpCall.get(URI.create("https://ex.com/.well-known/oauth-protected-resource"))
 *         .header("Accept", "application/json")
 *         .redirects(RedirectPolicy.SAME_ORIGIN);
 * }</pre>
 *
 * @param method  HTTP method, upper case
 * @param uri     absolute http or https URI
 * @param headers request headers (never {@code null}; insertion ordered)
 * @param body    request body, or {@code null} for none
 * @param redirects whether and where redirects are followed
 */
public record HttpCall(String method, URI uri, Map<String, String> headers, byte[] body, RedirectPolicy redirects) {

    public HttpCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(new LinkedHashMap<>(headers));
        Objects.requireNonNull(redirects, "redirects");
    }

    /** A GET request that follows no redirects. */
    public static HttpCall get(URI uri) {
        return new HttpCall("GET", uri, Map.of(), null, RedirectPolicy.NONE);
    }

    /** A POST request with the given content type and UTF-8 body. */
    public static HttpCall post(URI uri, String contentType, String body) {
        return new HttpCall("POST", uri, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8),
                RedirectPolicy.NONE);
    }

    /** A copy with one more header (replacing a header of the same name). */
    public HttpCall header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        copy.put(name, value);
        return new HttpCall(method, uri, copy, body, redirects);
    }

    /** A copy with the given redirect policy. */
    public HttpCall redirects(RedirectPolicy policy) {
        return new HttpCall(method, uri, headers, body, policy);
    }

    /** A copy sent to another URI (used when following a redirect). */
    HttpCall withUri(URI target) {
        return new HttpCall(method, target, headers, body, redirects);
    }

    @Override
    public String toString() {
        // Never print headers or body: they may carry credentials.
        return method + " " + uri;
    }
}

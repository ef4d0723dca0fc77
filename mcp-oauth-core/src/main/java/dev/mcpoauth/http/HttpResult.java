package dev.mcpoauth.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A received HTTP response, fully read and within the size cap.
 *
 * @param status  HTTP status code
 * @param uri     the URI that produced this response (after any followed redirect)
 * @param headers response headers, names lower-cased
 * @param body    the body bytes (empty, never {@code null})
 */
public record HttpResult(int status, URI uri, Map<String, List<String>> headers, byte[] body) {

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** All values of a header, by case-insensitive name. */
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The body decoded as UTF-8 (malformed sequences replaced). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the Content-Type is JSON ({@code application/json} or any {@code +json} type). */
    public boolean isJson() {
        String type = header("content-type").orElse("").toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        String media = (semicolon >= 0 ? type.substring(0, semicolon) : type).trim();
        return media.equals("application/json") || media.endsWith("+json");
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        return "HTTP " + status + " from " + uri;
    }
}

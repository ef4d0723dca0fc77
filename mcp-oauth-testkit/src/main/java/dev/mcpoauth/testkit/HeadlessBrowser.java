package dev.mcpoauth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows an authorization URL the way a browser would when the user approves at once: GET, then
 * each {@code Location} in turn, across origins, until a page answers. With {@code Approval.AUTO}
 * this lands on the client's loopback callback, which completes the login.
 *
 * <pre>{@code
 * HeadlessBrowser.Visit visit = HeadlessBrowser.follow(pendingLogin.authorizationUrl());
 * assertThat(visit.status()).isEqualTo(200);
 * }</pre>
 */
public final class HeadlessBrowser {
    /** Redirects followed at most; an OAuth round trip needs one or two. */
    public static final int MAX_HOPS = 10;

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * The walk from the first URL to the final page.
     *
     * @param hops     every URL requested, in order (the last one answered without a redirect)
     * @param status   the final page's HTTP status
     * @param body     the final page's body
     */
    public record Visit(List<URI> hops, int status, String body) {
        public URI finalUrl() {
            return hops.get(hops.size() - 1);
        }
    }

    private HeadlessBrowser() {
    }

    public static Visit follow(URI start) {
        List<URI> hops = new ArrayList<>();
        URI current = start;
        try {
            for (int i = 0; i < MAX_HOPS; i++) {
                hops.add(current);
                HttpResponse<String> response = CLIENT.send(
                        HttpRequest.newBuilder(current).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 300 && status < 400 && response.headers().firstValue("location").isPresent()) {
                    current = current.resolve(response.headers().firstValue("location").get());
                    continue;
                }
                return new Visit(List.copyOf(hops), status, response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot follow " + current, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted following " + current, e);
        }
        throw new IllegalStateException("more than " + MAX_HOPS + " redirects starting at " + start);
    }
}

package dev.mcpoauth.mcpsdk;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.login.PendingLogin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The browser leg of a login without a browser: GET the authorization URL and follow each
 * {@code Location} until the redirect reaches the login's own redirect URI, then deliver it there,
 * as a browser would after an approval that needs no click (RFC 6749 §4.1.2).
 */
final class HeadlessRedirects {
    /** Redirects followed at most; an approval round trip needs one or two (OkHttp follows 20). */
    static final int MAX_REDIRECTS = 10;
    /** Per request; the whole login is still bounded by the login timeout. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(REQUEST_TIMEOUT)
            .build();

    private HeadlessRedirects() {
    }

    static void follow(PendingLogin login) {
        URI current = login.authorizationUrl();
        String callbackPrefix = withoutQuery(login.redirectUri());
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<Void> response = get(current);
            if (withoutQuery(current).equals(callbackPrefix)) {
                return; // delivered to the loopback listener, which completed (or failed) the login
            }
            int status = response.statusCode();
            String location = response.headers().firstValue("location").orElse(null);
            if (status < 300 || status >= 400 || location == null) {
                throw new McpOAuthException(ErrorCode.AUTHORIZATION_DENIED, "the authorization server answered HTTP "
                        + status + " at " + withoutQuery(current) + " instead of redirecting back to this client",
                        "A headless login needs an authorization server that approves without a person; log in with"
                                + " a browser instead.", null);
            }
            current = current.resolve(location);
        }
        throw new McpOAuthException(ErrorCode.AUTHORIZATION_DENIED,
                "the authorization server redirected more than " + MAX_REDIRECTS + " times without returning to this client");
    }

    private static HttpResponse<Void> get(URI uri) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new McpOAuthException(ErrorCode.UNREACHABLE, "cannot reach " + withoutQuery(uri) + " during the"
                    + " headless login: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpOAuthException(ErrorCode.CANCELLED, "the headless login was interrupted", e);
        }
    }

    /** The URL without query or fragment: what may be shown (the query carries state and codes). */
    private static String withoutQuery(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}

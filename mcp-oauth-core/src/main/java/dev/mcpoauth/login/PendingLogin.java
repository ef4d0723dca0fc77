package dev.mcpoauth.login;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * A login waiting for its browser leg. The authorization URL is known at once; the result
 * completes when the callback has been validated, the code exchanged and the credentials saved —
 * or exceptionally with a {@link McpOAuthException} (timeout, denial, mismatch, cancellation).
 *
 * <pre>{@code
 * try (PendingLogin login = flow.start(request)) {
 *     browser.open(login.authorizationUrl());
 *     LoginResult result = login.result().join();
 * }
 * }</pre>
 *
 * <p>Closing it before completion cancels the login and frees the callback port.
 */
public interface PendingLogin extends AutoCloseable {

    /** The URL to open in a browser. */
    URI authorizationUrl();

    /** The redirect URI registered and sent (the loopback listener's address). */
    URI redirectUri();

    /** The client id the authorization URL carries. */
    String clientId();

    /** Completes with the stored credentials, or exceptionally with a {@link McpOAuthException}. */
    CompletableFuture<LoginResult> result();

    /**
     * Completes the login from a redirect URL the user pasted (the browser's address bar after a
     * redirect the loopback listener could not receive, e.g. on a remote machine). The URL's
     * {@code state} and {@code iss} are checked exactly as the listener checks them.
     *
     * @return the same future as {@link #result()}
     */
    CompletableFuture<LoginResult> completeWithRedirectUrl(URI pastedRedirectUrl);

    /** Cancels a login that has not completed; the result completes with {@link ErrorCode#CANCELLED}. */
    void cancel(String reason);

    /** Cancels if still pending and frees the callback port. */
    @Override
    void close();
}

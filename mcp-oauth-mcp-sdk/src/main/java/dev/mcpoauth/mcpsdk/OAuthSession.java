package dev.mcpoauth.mcpsdk;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.discovery.DiscoveryCache;
import dev.mcpoauth.discovery.WwwAuthenticate;
import dev.mcpoauth.dpop.DPoPProofs;
import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.login.LoginResult;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.token.Scopes;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorization state of one transport: which server, its tokens, the login in flight, the
 * scopes asked for so far and the attempts made. Everything that may block (a refresh, discovery,
 * a login waiting for the user) runs on {@link #WORKERS}, never on a transport thread.
 */
final class OAuthSession {
    private static final Logger LOG = LoggerFactory.getLogger(OAuthSession.class);
    /** Logins and refreshes run here: daemon threads, so a host can exit while a login waits. */
    static final ExecutorService WORKERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "mcp-oauth-sdk-auth");
        thread.setDaemon(true);
        return thread;
    });

    private final McpOAuth options;
    private final URI serverUrl;
    private final ServerKey key;
    private final String resource;
    private final AuthorizationAttempts attempts = new AuthorizationAttempts();
    /** Access tokens obtained by refreshing after a 401: if one is rejected too, only a login helps. */
    private final Set<String> refreshedAfterRejection = ConcurrentHashMap.newKeySet();
    private final Object loginLock = new Object();
    private CompletableFuture<LoginResult> loginInFlight;
    private volatile Set<String> requestedScopes = Set.of();

    OAuthSession(McpOAuth options, URI serverUrl) {
        this.options = options;
        this.serverUrl = serverUrl;
        this.key = new ServerKey(options.serverName(), serverUrl.toString());
        this.resource = ResourceUri.of(serverUrl).value();
    }

    ServerKey key() {
        return key;
    }

    /** A request is about to be sent. */
    void sending(McpOperation operation) {
        attempts.sending(resource, operation);
    }

    /** The access token to send, or empty when none is stored yet (the server's 401 then starts a login). */
    CompletableFuture<Optional<PresentedToken>> accessToken() {
        return options.tokenManager().accessTokenAsync(key)
                .thenApply(value -> Optional.of(present(value)))
                .exceptionallyCompose(failure -> {
                    McpOAuthException oauth = oauthCause(failure);
                    if (oauth != null && oauth.code() == ErrorCode.LOGIN_REQUIRED) {
                        return CompletableFuture.completedFuture(Optional.empty());
                    }
                    return CompletableFuture.failedFuture(unwrap(failure));
                });
    }

    private PresentedToken present(String value) {
        boolean dpopBound = options.dpop() != null && options.tokenManager().credentials(key)
                .map(StoredCredentials::tokens)
                .filter(tokens -> tokens.accessToken().equals(value))
                .map(tokens -> DPoPProofs.SCHEME.equalsIgnoreCase(tokens.tokenType()))
                .orElse(false);
        return dpopBound ? new PresentedToken(value, DPoPProofs.SCHEME, options.dpop())
                : new PresentedToken(value, "Bearer", null);
    }

    /**
     * After a 401 (RFC 6750 §3.1, RFC 9449 §7.1): retry with the server's DPoP nonce when it asked
     * for one (RFC 9449 §9); refresh when the rejected token is the stored one and has not been
     * refreshed for a 401 before; else log in. Completes with {@code true} to retry.
     */
    CompletableFuture<Boolean> unauthorized(HttpRequestSnapshot request, HttpHeaders responseHeaders) {
        List<String> challenges = responseHeaders.allValues("www-authenticate");
        WwwAuthenticate parsed = WwwAuthenticate.parse(challenges);
        if (options.dpop() != null && asksForDPoPNonce(parsed)
                && options.dpop().rememberNonce(request.requestUri(),
                        responseHeaders.firstValue(DPoPProofs.NONCE_HEADER).orElse(null))) {
            LOG.debug("'{}' asked for a DPoP nonce; retrying with it", key.name());
            return CompletableFuture.completedFuture(true);
        }
        McpOperation operation = McpOperation.fromHeaders(request.method(), request.headers());
        WwwAuthenticate.Challenge challenge = parsed.bearer().orElse(null);
        List<String> challengeScopes = challenge == null ? List.of() : challenge.scopes();
        String rejected = presentedToken(request.headers());
        if (rejected == null) {
            return login(operation, scopesForLogin(challengeScopes), "the server answered 401");
        }
        if (refreshedAfterRejection.contains(rejected)) {
            forgetDiscovery();
            return login(operation, scopesForLogin(challengeScopes), "the server answered 401");
        }
        return CompletableFuture.supplyAsync(() -> refreshAfterRejection(rejected), WORKERS)
                .thenCompose(refreshed -> {
                    if (refreshed) {
                        return CompletableFuture.completedFuture(true);
                    }
                    forgetDiscovery();
                    return login(operation, scopesForLogin(challengeScopes), "the server rejected the access token");
                });
    }

    /**
     * The server rejected a token it once accepted: what discovery cached about it may be stale (it
     * may name another authorization server now, MCP authorization SEP-2352), so the login that
     * follows discovers it again.
     */
    private void forgetDiscovery() {
        DiscoveryCache cache = options.loginFlow().discoveryCache();
        if (cache != null) {
            cache.invalidate(serverUrl);
        }
    }

    private static boolean asksForDPoPNonce(WwwAuthenticate challenges) {
        return challenges.challenges().stream()
                .anyMatch(c -> c.error().filter(DPoPProofs.USE_DPOP_NONCE::equals).isPresent());
    }

    /**
     * After a 403 (RFC 6750 §3.1): for {@code insufficient_scope}, re-authorize with the union of the
     * scopes asked for so far and those challenged (MCP authorization, "Scope Challenge Handling").
     * Any other 403 is not an authorization problem this client can solve: {@code false}.
     */
    CompletableFuture<Boolean> forbidden(String httpMethod, HttpHeaders requestHeaders, List<String> challenges) {
        WwwAuthenticate.Challenge challenge = WwwAuthenticate.parse(challenges).bearer().orElse(null);
        if (challenge == null || !challenge.error().filter("insufficient_scope"::equals).isPresent()) {
            return CompletableFuture.completedFuture(false);
        }
        McpOperation operation = McpOperation.fromHeaders(httpMethod, requestHeaders);
        Set<String> granted = options.tokenManager().credentials(key)
                .map(StoredCredentials::tokens).map(t -> t.scopes()).orElse(Set.of());
        List<String> configured = configuredScopes();
        List<String> union = new ArrayList<>(Scopes.union(configured, requestedScopes, granted, challenge.scopes()));
        return login(operation, union, "the server needs more scope (insufficient_scope: "
                + String.join(" ", challenge.scopes()) + ")");
    }

    private boolean refreshAfterRejection(String rejected) {
        try {
            String fresh = options.tokenManager().accessTokenAfterRejection(key, rejected);
            if (!fresh.equals(rejected)) {
                refreshedAfterRejection.add(fresh);
                return true;
            }
            return false;
        } catch (McpOAuthException e) {
            if (e.code() == ErrorCode.LOGIN_REQUIRED || e.code() == ErrorCode.INVALID_GRANT
                    || e.code() == ErrorCode.TOKEN_REJECTED) {
                LOG.debug("Refresh after a 401 for '{}' failed ({}); logging in", key.name(), e.code().code());
                return false;
            }
            throw e;
        }
    }

    /** Explicit scopes win; else what was asked so far plus the challenge; else let discovery choose. */
    private List<String> scopesForLogin(List<String> challengeScopes) {
        List<String> configured = configuredScopes();
        if (configured != null) {
            return configured;
        }
        if (challengeScopes.isEmpty() && requestedScopes.isEmpty()) {
            return null;
        }
        return new ArrayList<>(Scopes.union(requestedScopes, challengeScopes));
    }

    private CompletableFuture<Boolean> login(McpOperation operation, List<String> scopes, String why) {
        if (!attempts.tryAcquire(resource, operation)) {
            return CompletableFuture.failedFuture(new McpOAuthException(ErrorCode.AUTHORIZATION_DENIED,
                    "'" + key.name() + "' still refuses `" + operation.key() + "` after "
                            + AuthorizationAttempts.MAX_ATTEMPTS + " authorizations (" + why + "; scopes requested: "
                            + (scopes == null || scopes.isEmpty() ? "none" : String.join(" ", scopes)) + ")",
                    "Ask the server's operator to grant your account the scopes it asks for.", null));
        }
        LOG.debug("Authorizing '{}' for {}: {}", key.name(), operation.key(), why);
        return sharedLogin(scopes).thenApply(result -> true);
    }

    /** One login per server at a time: a 401 on the event stream and one on a request share it. */
    private CompletableFuture<LoginResult> sharedLogin(List<String> scopes) {
        synchronized (loginLock) {
            if (loginInFlight != null && !loginInFlight.isDone()) {
                return loginInFlight;
            }
            CompletableFuture<LoginResult> login = runLogin(scopes);
            loginInFlight = login;
            return login;
        }
    }

    private CompletableFuture<LoginResult> runLogin(List<String> scopes) {
        CompletableFuture<LoginResult> obtained = options.grant() != null
                ? CompletableFuture.supplyAsync(() -> options.grantFlow().obtain(key.name(), serverUrl, options.grant(),
                        scopes), WORKERS)
                : interactiveLogin(scopes);
        return obtained.thenApply(result -> {
            requestedScopes = scopes != null ? Scopes.union(scopes) : result.grantedScopes();
            refreshedAfterRejection.clear();
            options.tokenManager().forget(key);
            LOG.debug("Logged in to '{}'", key.name());
            return result;
        });
    }

    private CompletableFuture<LoginResult> interactiveLogin(List<String> scopes) {
        return CompletableFuture.supplyAsync(() -> {
            LoginRequest.Builder request = options.loginRequest(key.url());
            if (scopes != null) {
                request.scopes(scopes);
            }
            return options.loginFlow().start(request.build());
        }, WORKERS).thenComposeAsync(pending -> {
            try {
                options.loginInteraction().authorize(key.name(), pending);
            } catch (RuntimeException e) {
                pending.close();
                throw e;
            }
            return pending.result();
        }, WORKERS);
    }

    /** Scopes the host configured (login options or grant), or {@code null} to follow challenges and discovery. */
    private List<String> configuredScopes() {
        return options.grant() != null ? options.grant().scopes() : options.loginTemplate(key.url()).scopes();
    }

    /** The access token a request presented, with the Bearer or the DPoP scheme. */
    private static String presentedToken(HttpHeaders headers) {
        return headers.firstValue("authorization")
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7)
                        || value.regionMatches(true, 0, "DPoP ", 0, 5))
                .map(value -> value.substring(value.indexOf(' ') + 1).trim())
                .orElse(null);
    }

    static McpOAuthException oauthCause(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof McpOAuthException oauth ? oauth : null;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public String toString() {
        return "OAuthSession[" + key.name() + " " + serverUrl + "]";
    }
}

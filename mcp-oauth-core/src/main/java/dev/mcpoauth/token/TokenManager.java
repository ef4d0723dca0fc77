package dev.mcpoauth.token;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.registration.ClientIdentity;
import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.store.CredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out valid access tokens for logged-in servers, refreshing them shortly before they expire.
 *
 * <p>A valid cached token costs a map lookup and a clock read. A refresh is one serialised
 * read-refresh-write: within the process one refresh per server is in flight and every caller
 * waiting for that server shares its result; across processes the refresh runs inside
 * {@link CredentialStore#update}, under the store's lock, after re-reading the entry, so a token
 * another process refreshed (and a refresh token it rotated) is used instead of refreshing again.
 * The refreshed tokens are saved before they are handed out; if saving fails, the caller gets the
 * error, not the token. A refresh rejected with {@code invalid_grant} removes the stored tokens and
 * reports {@link ErrorCode#LOGIN_REQUIRED} with the command to run.
 *
 * <pre>{@code
 * TokenManager tokens = TokenManager.builder(store).build();
 * String accessToken = tokens.accessToken(new ServerKey("linear", "https://mcp.linear.app/mcp"));
 * request.header("Authorization", "Bearer " + accessToken);
 * }</pre>
 */
public final class TokenManager {
    private static final Logger LOG = LoggerFactory.getLogger(TokenManager.class);
    /** Refresh this long before expiry, so a token never expires between hand-out and use (the reference's 30 s). */
    public static final Duration REFRESH_SKEW = Duration.ofSeconds(30);

    private final CredentialStore store;
    private final TokenClient client;
    private final Clock clock;
    private final Function<ServerKey, Optional<PreRegistered>> preRegistered;
    private final Executor executor;
    private final Map<ServerKey, StoredCredentials> cache = new ConcurrentHashMap<>();
    private final Map<ServerKey, CompletableFuture<StoredCredentials>> inFlight = new ConcurrentHashMap<>();

    private TokenManager(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.client = b.client != null ? b.client : new TokenClient(b.transport, b.clock);
        this.preRegistered = b.preRegistered;
        this.executor = b.executor != null ? b.executor : DefaultExecutor.INSTANCE;
    }

    public static Builder builder(CredentialStore store) {
        return new Builder(store);
    }

    /**
     * A valid access token for the server, refreshed first if it expires within
     * {@link #REFRESH_SKEW}. Blocks while a refresh runs.
     *
     * @throws McpOAuthException {@link ErrorCode#LOGIN_REQUIRED} when nothing usable is stored or the
     *     refresh token was rejected; {@link ErrorCode#TOKEN_REJECTED}, {@link ErrorCode#UNREACHABLE}
     *     and others when the refresh failed for another reason (the stored tokens are kept)
     */
    public String accessToken(ServerKey key) {
        StoredCredentials cached = cache.get(key);
        if (cached != null && !cached.tokens().expiresWithin(REFRESH_SKEW, clock)) {
            return cached.tokens().accessToken();
        }
        return join(refreshIfNeeded(key, null)).tokens().accessToken();
    }

    /** As {@link #accessToken}, without blocking the caller: a refresh runs on the manager's executor. */
    public CompletableFuture<String> accessTokenAsync(ServerKey key) {
        StoredCredentials cached = cache.get(key);
        if (cached != null && !cached.tokens().expiresWithin(REFRESH_SKEW, clock)) {
            return CompletableFuture.completedFuture(cached.tokens().accessToken());
        }
        return refreshIfNeeded(key, null).thenApply(c -> c.tokens().accessToken());
    }

    /**
     * After the server answered 401 to {@code rejectedAccessToken}: refreshes unless another caller
     * already replaced that token, and returns the token to retry with.
     */
    public String accessTokenAfterRejection(ServerKey key, String rejectedAccessToken) {
        return join(refreshIfNeeded(key, Objects.requireNonNull(rejectedAccessToken, "rejectedAccessToken")))
                .tokens().accessToken();
    }

    /** The stored credentials, as last seen by this manager (reads the store when not cached). */
    public Optional<StoredCredentials> credentials(ServerKey key) {
        StoredCredentials cached = cache.get(key);
        return cached != null ? Optional.of(cached) : store.load(key);
    }

    /** Forgets what this manager cached (after a logout or a new login). */
    public void forget(ServerKey key) {
        cache.remove(key);
    }

    private CompletableFuture<StoredCredentials> refreshIfNeeded(ServerKey key, String rejected) {
        CompletableFuture<StoredCredentials> mine = new CompletableFuture<>();
        CompletableFuture<StoredCredentials> existing = inFlight.putIfAbsent(key, mine);
        if (existing != null) {
            return existing;
        }
        executor.execute(() -> {
            try {
                StoredCredentials fresh = refreshUnderStoreLock(key, rejected);
                cache.put(key, fresh);
                inFlight.remove(key, mine);
                mine.complete(fresh);
            } catch (RuntimeException e) {
                inFlight.remove(key, mine);
                mine.completeExceptionally(e);
            }
        });
        return mine;
    }

    private StoredCredentials refreshUnderStoreLock(ServerKey key, String rejected) {
        McpOAuthException[] failure = new McpOAuthException[1];
        Optional<StoredCredentials> after = store.update(key, before -> {
            if (before.isEmpty()) {
                return before;
            }
            StoredCredentials current = before.get();
            boolean replacedAlready = rejected != null && !rejected.equals(current.tokens().accessToken());
            if (replacedAlready || (rejected == null && !current.tokens().expiresWithin(REFRESH_SKEW, clock))) {
                return before; // another process or caller already refreshed
            }
            if (!current.tokens().hasRefreshToken()) {
                failure[0] = loginRequired(key, "the access token expired and no refresh token is stored");
                return before;
            }
            try {
                Tokens refreshed = client.forServer(URI.create(current.key().url()))
                        .refresh(endpointFor(current), current.tokens());
                LOG.debug("Refreshed the access token of '{}'", key.name());
                return Optional.of(current.withTokens(refreshed, clock.instant()));
            } catch (McpOAuthException e) {
                if (e.code() == ErrorCode.INVALID_GRANT) {
                    failure[0] = loginRequired(key, "the authorization server rejected the refresh token (invalid_grant)");
                    return Optional.empty(); // the tokens are dead: remove them, never retry with them
                }
                failure[0] = e;
                return before; // keep the tokens: the failure may be temporary
            }
        });
        if (failure[0] != null) {
            cache.remove(key);
            throw failure[0];
        }
        return after.orElseThrow(() -> loginRequired(key, "no credentials are stored"));
    }

    private TokenEndpoint endpointFor(StoredCredentials current) {
        ClientIdentity identity = current.client();
        if (identity instanceof PreRegistered stored) {
            // A pre-registered client's secret or key lives in configuration, not in the store.
            identity = preRegistered.apply(current.key())
                    .filter(configured -> configured.clientId().equals(stored.clientId()))
                    .map(configured -> (ClientIdentity) configured)
                    .orElse(stored);
        }
        URI tokenEndpoint = current.tokenEndpoint();
        ResourceUri resource = current.resource() == null ? null : new ResourceUri(URI.create(current.resource()));
        return new TokenEndpoint(tokenEndpoint, current.issuer(), identity, resource);
    }

    private static McpOAuthException loginRequired(ServerKey key, String why) {
        return new McpOAuthException(ErrorCode.LOGIN_REQUIRED, "'" + key.name() + "' needs a new login: " + why,
                "Run `mcp-oauth login " + key.name() + "`.", null);
    }

    private static StoredCredentials join(CompletableFuture<StoredCredentials> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof McpOAuthException oauth) {
                throw oauth;
            }
            throw e;
        }
    }

    /** Refreshes run here: daemon threads, so a host can exit without closing the manager. */
    private static final class DefaultExecutor {
        static final ExecutorService INSTANCE = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "mcp-oauth-refresh");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Builds a {@link TokenManager}. */
    public static final class Builder {
        private final CredentialStore store;
        private HttpTransport transport = HttpTransport.defaults();
        private TokenClient client;
        private Clock clock = Clock.systemUTC();
        private Function<ServerKey, Optional<PreRegistered>> preRegistered = key -> Optional.empty();
        private Executor executor;

        private Builder(CredentialStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        public Builder httpTransport(HttpTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        public Builder tokenClient(TokenClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where the secrets or keys of pre-registered clients come from (configuration). */
        public Builder preRegisteredClients(Function<ServerKey, Optional<PreRegistered>> lookup) {
            this.preRegistered = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /** Where refreshes run; by default a shared pool of daemon threads. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public TokenManager build() {
            return new TokenManager(this);
        }
    }
}

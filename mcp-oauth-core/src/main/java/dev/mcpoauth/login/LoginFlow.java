package dev.mcpoauth.login;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.authorize.AuthorizationSession;
import dev.mcpoauth.authorize.CallbackEndpoint;
import dev.mcpoauth.authorize.CallbackId;
import dev.mcpoauth.authorize.CallbackListener;
import dev.mcpoauth.authorize.CallbackParameters;
import dev.mcpoauth.authorize.LandingPage;
import dev.mcpoauth.discovery.AuthorizationDiscovery;
import dev.mcpoauth.discovery.DiscoveryCache;
import dev.mcpoauth.discovery.DiscoveryOptions;
import dev.mcpoauth.discovery.ServerAuthorization;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.registration.ClientIdentity;
import dev.mcpoauth.registration.ClientMetadataUrls;
import dev.mcpoauth.registration.ClientRegistrar;
import dev.mcpoauth.registration.DynamicallyRegistered;
import dev.mcpoauth.registration.RegistrationCache;
import dev.mcpoauth.registration.RegistrationRequest;
import dev.mcpoauth.store.CredentialStore;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.token.TokenClient;
import dev.mcpoauth.token.TokenEndpoint;
import dev.mcpoauth.token.Tokens;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs OAuth logins to MCP servers: the orchestrator every face of mcp-oauth shares.
 *
 * <p>{@link #start(LoginRequest)} discovers how the server is protected (RFC 9728, RFC 8414),
 * starts the loopback callback listener, identifies the client (pre-registered, Client ID Metadata
 * Document, or RFC 7591 registration), and returns a {@link PendingLogin} whose authorization URL
 * is ready at once. The caller opens a browser, prints the URL, or (in tests) follows it
 * headlessly. When the callback arrives its {@code state} and {@code iss} are checked, the code is
 * exchanged with PKCE and the {@code resource} indicator, and the credentials are saved before the
 * result completes.
 *
 * <p>A flow remembers what it learnt, so the next login is faster: discovery results per MCP server
 * and per issuer in a {@link DiscoveryCache} (fresh as long as the metadata's {@code Cache-Control}
 * allows, at most an hour), and dynamic registrations per issuer and redirect URI in a
 * {@link RegistrationCache}; while both are fresh a login sends no request at all before its
 * authorization URL is ready. A listener on the port of a cached registration is tried first, so
 * the redirect URI, and with it the registration, can be reused. A login that fails after using
 * cached entries drops them. Well-known metadata locations are requested concurrently (the answers
 * are still taken in spec priority order). Keep one flow per application to benefit.
 *
 * <pre>{@code
 * LoginFlow flow = LoginFlow.builder()
 *         .credentialStore(FileCredentialStore.inHome(Path.of(System.getProperty("user.home"), ".mcp-oauth")))
 *         .build();
 * try (PendingLogin login = flow.start(LoginRequest.builder("docs", URI.create("https://mcp.example.com/mcp")).build())) {
 *     System.out.println("Authorize `docs` by opening this URL in your browser:\n" + login.authorizationUrl());
 *     LoginResult result = login.result().join();
 *     System.out.println("Granted: " + result.grantedScopes());
 * }
 * }</pre>
 */
public final class LoginFlow {
    private static final Logger LOG = LoggerFactory.getLogger(LoginFlow.class);
    /** Scope that asks for a refresh token, requested only when the authorization server lists it. */
    static final String OFFLINE_ACCESS = "offline_access";

    private final CredentialStore store;
    private final HttpTransport transport;
    private final Clock clock;
    private final LoginObserver observer;
    private final ScheduledExecutorService timers;
    private final DiscoveryCache discoveryCache;
    private final RegistrationCache registrations;
    private final boolean concurrentProbing;

    /** Binds callback listeners while discovery runs; daemon threads, none kept idle for long. */
    private static final java.util.concurrent.ExecutorService BINDERS = new java.util.concurrent.ThreadPoolExecutor(
            0, 16, 10, TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "mcp-oauth-callback-bind");
                thread.setDaemon(true);
                return thread;
            }, new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());

    /**
     * Failures that say nothing about the cached metadata or registration. A network failure is not
     * one of them: the cached authorization server may be the one that went away.
     */
    private static final Set<ErrorCode> KEEP_CACHES = Set.of(ErrorCode.CANCELLED, ErrorCode.CALLBACK_TIMEOUT,
            ErrorCode.STATE_MISMATCH, ErrorCode.AUTHORIZATION_DENIED, ErrorCode.CALLBACK_BIND_FAILED,
            ErrorCode.STORE_FAILED, ErrorCode.INVALID_INPUT);

    private LoginFlow(Builder b) {
        this.store = b.store;
        this.transport = b.transport;
        this.clock = b.clock;
        this.observer = b.observer;
        this.discoveryCache = b.cachesDisabled ? null
                : b.discoveryCache != null ? b.discoveryCache : DiscoveryCache.builder().clock(b.clock).build();
        this.registrations = b.cachesDisabled ? null
                : b.registrationCache != null ? b.registrationCache
                : RegistrationCache.create(b.clock, RegistrationCache.DEFAULT_MAX_AGE);
        this.concurrentProbing = b.concurrentProbing;
        this.timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mcp-oauth-login-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    public CredentialStore credentialStore() {
        return store;
    }

    /** The discovery cache this flow uses, or {@code null} when caching is disabled. */
    public DiscoveryCache discoveryCache() {
        return discoveryCache;
    }

    /** The registration cache this flow uses, or {@code null} when caching is disabled. */
    public RegistrationCache registrationCache() {
        return registrations;
    }

    /**
     * Starts a login. Blocks for discovery and (if needed) client registration only; never for the
     * user.
     *
     * @throws McpOAuthException for invalid input, failed discovery, a refused security rule or a
     *     failed registration; nothing is stored and no listener stays open
     */
    public PendingLogin start(LoginRequest request) {
        Objects.requireNonNull(request, "request");
        ResourceUri serverResource = ResourceUri.of(request.serverUrl().toString());
        if (request.clientMetadataUrlBase() != null) {
            ClientMetadataUrls.validateBase(request.clientMetadataUrlBase());
        }
        if (request.clientMetadataUrl() != null) {
            ClientMetadataUrls.validateFixedUrl(request.clientMetadataUrl());
        }
        CallbackId callbackId = CallbackId.of(request.serverUrl().toString());
        CallbackEndpoint endpoint = CallbackEndpoint.resolve(callbackId, request.callbackPort(), request.callbackUrl());

        // Anchored at the server: the address policy and pinned host addresses for every call of this login.
        HttpTransport http = (request.httpHeaders().isEmpty() ? transport
                : transport.toBuilder().staticHeaders(request.httpHeaders()).build()).forServer(request.serverUrl());
        // The callback listener is bound while discovery runs (binding takes a millisecond or two);
        // callbacks reach the login once it exists, and nothing can legitimately arrive before its URL.
        AtomicReference<Login> target = new AtomicReference<>();
        CompletableFuture<CallbackListener> binding = CompletableFuture.supplyAsync(
                () -> listen(request, endpoint, params -> {
                    Login login = target.get();
                    return login != null ? login.onCallback(params) : LandingPage.failure(409,
                            "No login is waiting yet", "This callback arrived before its login was ready.",
                            "Start the login again from your application.");
                }), BINDERS);
        ServerAuthorization auth;
        try {
            auth = AuthorizationDiscovery.builder(http)
                    .cache(discoveryCache)
                    .concurrentProbing(concurrentProbing)
                    .build()
                    .discover(request.serverUrl(), new DiscoveryOptions(request.oauthResource()));
        } catch (RuntimeException e) {
            // No listener stays bound after a failed start.
            try {
                bound(binding).close();
            } catch (RuntimeException bindFailure) {
                e.addSuppressed(bindFailure);
            }
            throw e;
        }
        CallbackListener listener = bound(binding);
        try {
            return start(request, serverResource, callbackId, http, auth, listener, target);
        } catch (McpOAuthException e) {
            listener.close();
            forget(request, auth, null, e);
            throw e;
        } catch (RuntimeException e) {
            listener.close();
            forget(request, auth, null, null);
            throw e;
        }
    }

    /** The listener once bound; its bind failure as thrown by {@link CallbackListener#start}. */
    private static CallbackListener bound(CompletableFuture<CallbackListener> binding) {
        try {
            return binding.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    private PendingLogin start(LoginRequest request, ResourceUri serverResource, CallbackId callbackId,
                               HttpTransport http, ServerAuthorization auth, CallbackListener listener,
                               AtomicReference<Login> target) {
        observer.onStep(LoginObserver.Step.FOUND_AUTHORIZATION_SERVER,
                "Authorization server: " + auth.issuer() + describeSource(auth));
        if (!auth.s256Supported()) {
            if (!request.allowMissingS256()) {
                throw new McpOAuthException(ErrorCode.PKCE_UNSUPPORTED,
                        "the authorization server `" + auth.issuer() + "` does not list S256 in code_challenge_methods_supported"
                                + " (MCP authorization: clients MUST refuse to proceed without PKCE support)");
            }
            LOG.warn("Proceeding without advertised PKCE S256 support at {} because the caller allowed it", auth.issuer());
        }

        ResourceUri resource = request.oauthResource() != null
                ? new ResourceUri(URI.create(request.oauthResource()))
                : auth.resource() != null ? auth.resource() : serverResource;
        List<String> scopes = chooseScopes(request, auth);
        observer.onStep(LoginObserver.Step.CHOSE_SCOPES,
                scopes.isEmpty() ? "Requesting no specific scopes" : "Requesting scopes: " + String.join(" ", scopes));

        Login login = new Login(request, auth, resource, scopes);
        target.set(login);
        URI redirectUri = listener.redirectUri();
        observer.onStep(LoginObserver.Step.LISTENING_FOR_CALLBACK, "Listening for the browser on " + redirectUri);
        String metadataUrl = request.clientMetadataUrl();
        if (metadataUrl == null && request.clientMetadataUrlBase() != null) {
            metadataUrl = ClientMetadataUrls.callbackScoped(request.clientMetadataUrlBase(), callbackId,
                    redirectUri.toString());
        }
        boolean known = registrations != null
                && registrations.find(auth.issuer(), redirectUri.toString()).isPresent();
        ClientIdentity client = new ClientRegistrar(http, registrations).resolve(
                RegistrationRequest.builder(auth.issuer(), auth.metadata(), redirectUri.toString())
                        .mode(request.registrationMode())
                        .preRegistered(request.preRegistered())
                        .clientMetadataUrl(metadataUrl)
                        .clientName(request.clientName())
                        .scopes(scopes)
                        .build());
        observer.onStep(LoginObserver.Step.IDENTIFIED_CLIENT, known && client instanceof DynamicallyRegistered
                ? "Reusing the client registered dynamically (RFC 7591) as " + client.clientId()
                : describeClient(client));
        AuthorizationSession session = AuthorizationSession.create(AuthorizationSession.Settings.builder(
                        auth.metadata().getAuthorizationEndpointURI(), auth.issuer(), client.clientId(), redirectUri)
                .resource(resource)
                .scopes(scopes)
                .issParameterSupported(auth.issParameterSupported())
                .build());
        login.begin(listener, client, session, new TokenClient(http, clock));
        observer.onStep(LoginObserver.Step.AUTHORIZATION_URL_READY, "Authorization URL is ready");
        return login;
    }

    /**
     * Starts the callback listener: on the port of a registration cached for this callback path
     * when no port or URL is configured and that port is free, so the registration can be reused;
     * else as configured (a free port by default).
     */
    private CallbackListener listen(LoginRequest request, CallbackEndpoint endpoint, CallbackListener.Handler handler) {
        if (registrations != null && request.callbackPort() == null && request.callbackUrl() == null) {
            OptionalInt port = registrations.loopbackPort(endpoint.path());
            if (port.isPresent()) {
                try {
                    return CallbackListener.start(
                            CallbackEndpoint.resolve(endpoint.callbackId(), port.getAsInt(), null), handler);
                } catch (McpOAuthException e) {
                    if (e.code() != ErrorCode.CALLBACK_BIND_FAILED) {
                        throw e;
                    }
                    LOG.debug("Port {} of a cached registration is taken; listening on a free port", port.getAsInt());
                }
            }
        }
        return CallbackListener.start(endpoint, handler);
    }

    /**
     * After a failed login, drops the cached discovery of its server and issuer and the
     * registration it used, unless the failure says nothing about them (a cancel, a callback
     * timeout, a denied consent, a taken port).
     *
     * @param redirectUri the redirect URI the login used, or {@code null} to drop every registration at the issuer
     */
    private void forget(LoginRequest request, ServerAuthorization auth, URI redirectUri, McpOAuthException cause) {
        if (cause != null && KEEP_CACHES.contains(cause.code())) {
            return;
        }
        if (discoveryCache != null) {
            discoveryCache.invalidate(request.serverUrl());
            discoveryCache.invalidateIssuer(auth.issuer());
        }
        if (registrations != null) {
            if (redirectUri == null) {
                registrations.invalidateIssuer(auth.issuer());
            } else {
                registrations.invalidate(auth.issuer(), redirectUri.toString());
            }
        }
        LOG.debug("Dropped cached discovery and registration for {} after a failed login", request.serverUrl());
    }

    private static String describeSource(ServerAuthorization auth) {
        switch (auth.source()) {
            case LEGACY_ORIGIN_METADATA:
                return " (no protected resource metadata; the server's origin acts as authorization server, 2025-03-26)";
            case LEGACY_DEFAULT_ENDPOINTS:
                return " (no metadata at all; using the default /authorize, /token and /register endpoints, 2025-03-26)";
            default:
                return "";
        }
    }

    private static String describeClient(ClientIdentity client) {
        switch (client.getClass().getSimpleName()) {
            case "MetadataDocument":
                return "Client identified by its metadata document URL (no registration): " + client.clientId();
            case "DynamicallyRegistered":
                return "Client registered dynamically (RFC 7591) as " + client.clientId();
            default:
                return "Using the pre-registered client " + client.clientId();
        }
    }

    /**
     * Explicit scopes win; else the challenge's scope, else the resource's scopes_supported. Adds
     * {@code offline_access} to discovered scopes when the authorization server lists it, and drops
     * it from explicit ones when it does not.
     */
    static List<String> chooseScopes(LoginRequest request, ServerAuthorization auth) {
        List<String> scopes = new ArrayList<>(request.scopes() != null ? request.scopes() : auth.discoveredScopes());
        boolean offlineSupported = auth.offlineAccessSupported();
        if (!offlineSupported) {
            scopes.remove(OFFLINE_ACCESS);
        } else if (request.scopes() == null && !scopes.isEmpty() && !scopes.contains(OFFLINE_ACCESS)) {
            scopes.add(OFFLINE_ACCESS);
        }
        return List.copyOf(new java.util.LinkedHashSet<>(scopes));
    }

    /** One login in flight. */
    private final class Login implements PendingLogin {
        private final LoginRequest request;
        private final ServerAuthorization auth;
        private final ResourceUri resource;
        private final List<String> scopes;
        private final CompletableFuture<LoginResult> result = new CompletableFuture<>();
        private final AtomicBoolean consumed = new AtomicBoolean();
        private final AtomicInteger foreignCallbacks = new AtomicInteger();
        private final AtomicReference<ScheduledFuture<?>> timeout = new AtomicReference<>();
        private volatile CallbackListener listener;
        private volatile ClientIdentity client;
        private volatile AuthorizationSession session;
        private volatile TokenClient tokens;

        Login(LoginRequest request, ServerAuthorization auth, ResourceUri resource, List<String> scopes) {
            this.request = request;
            this.auth = auth;
            this.resource = resource;
            this.scopes = scopes;
        }

        void begin(CallbackListener boundListener, ClientIdentity identity, AuthorizationSession authSession,
                   TokenClient tokenClient) {
            this.listener = boundListener;
            this.client = identity;
            this.tokens = tokenClient;
            this.session = authSession;
            long millis = request.timeout().toMillis();
            timeout.set(timers.schedule(this::expire, millis, TimeUnit.MILLISECONDS));
            result.whenComplete((ok, failure) -> {
                ScheduledFuture<?> timer = timeout.get();
                if (timer != null) {
                    timer.cancel(false);
                }
                // Let the landing page reach the browser before the listener goes away.
                timers.schedule(boundListener::close, 200, TimeUnit.MILLISECONDS);
            });
        }

        private void expire() {
            int foreign = foreignCallbacks.get();
            if (foreign > 0) {
                fail(new McpOAuthException(ErrorCode.STATE_MISMATCH,
                        "the login timed out after " + request.timeout().toSeconds() + " s; " + foreign
                                + " callback(s) arrived with a state that does not belong to it (RFC 6749 §10.12)"));
            } else {
                fail(new McpOAuthException(ErrorCode.CALLBACK_TIMEOUT,
                        "no authorization arrived for '" + request.serverName() + "' within "
                                + request.timeout().toSeconds() + " s"));
            }
        }

        private void fail(McpOAuthException e) {
            if (result.completeExceptionally(e)) {
                LOG.debug("Login for {} failed: {}", request.serverName(), e.getMessage());
                AuthorizationSession current = session;
                forget(request, auth, current == null ? null : current.settings().redirectUri(), e);
            }
        }

        LandingPage onCallback(CallbackParameters params) {
            AuthorizationSession current = session;
            if (current == null || result.isDone()) {
                return LandingPage.failure(410, "This login is over",
                        "This callback arrived after the login ended.", "Start the login again from your application.");
            }
            if (!current.matchesState(params)) {
                foreignCallbacks.incrementAndGet();
                return LandingPage.failure(400, "This link does not belong to the login in progress",
                        "The callback's state does not match the login mcp-oauth is waiting for, so it was ignored.",
                        "If you started this login, use the newest authorization link.");
            }
            if (!consumed.compareAndSet(false, true)) {
                return LandingPage.failure(409, "This callback was already used",
                        "Each authorization response is accepted once.", "Return to your application.");
            }
            return complete(params);
        }

        private LandingPage complete(CallbackParameters params) {
            try {
                observer.onStep(LoginObserver.Step.CALLBACK_RECEIVED, "Browser returned to " + session.settings().redirectUri());
                String code = session.validate(params);
                Tokens received = tokens.exchangeCode(
                        TokenEndpoint.of(auth.metadata(), auth.issuer(), client, resource),
                        code, session.settings().redirectUri(), session.codeVerifier());
                observer.onStep(LoginObserver.Step.TOKENS_RECEIVED, "Received tokens"
                        + (received.scopes().isEmpty() ? "" : " for scopes: " + String.join(" ", received.scopes())));
                StoredCredentials credentials = new StoredCredentials(
                        new ServerKey(request.serverName(), request.serverUrl().toString()),
                        auth.issuer(), resource.value(), auth.metadata().getTokenEndpointURI(), client, received,
                        clock.instant());
                store.save(credentials);
                observer.onStep(LoginObserver.Step.CREDENTIALS_SAVED, "Saved credentials for '" + request.serverName() + "'");
                result.complete(new LoginResult(credentials));
                return LandingPage.success(request.serverName());
            } catch (McpOAuthException e) {
                fail(e);
                return LandingPage.failure(400, "Login to " + request.serverName() + " failed", e.detail(), e.hint());
            } catch (RuntimeException e) {
                fail(new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                        "unexpected failure completing the login: " + e.getClass().getSimpleName(), e));
                return LandingPage.failure(500, "Login to " + request.serverName() + " failed",
                        "mcp-oauth hit an unexpected error.", "Return to your application for details.");
            }
        }

        @Override
        public URI authorizationUrl() {
            return session.authorizationUrl();
        }

        @Override
        public URI redirectUri() {
            return session.settings().redirectUri();
        }

        @Override
        public String clientId() {
            return client.clientId();
        }

        @Override
        public CompletableFuture<LoginResult> result() {
            return result;
        }

        @Override
        public CompletableFuture<LoginResult> completeWithRedirectUrl(URI pastedRedirectUrl) {
            CallbackParameters params = CallbackParameters.parseUrl(pastedRedirectUrl);
            if (!session.matchesState(params)) {
                fail(new McpOAuthException(ErrorCode.STATE_MISMATCH,
                        "the pasted URL's `state` does not match this login (RFC 6749 §10.12)",
                        "Paste the address the browser shows after approving this login's link.", null));
                return result;
            }
            if (consumed.compareAndSet(false, true)) {
                complete(params);
            }
            return result;
        }

        @Override
        public void cancel(String reason) {
            fail(new McpOAuthException(ErrorCode.CANCELLED, reason));
        }

        @Override
        public void close() {
            cancel("the login for '" + request.serverName() + "' was closed before it completed");
            CallbackListener bound = listener;
            if (bound != null) {
                bound.close();
            }
        }
    }

    /** Builds a {@link LoginFlow}. */
    public static final class Builder {
        private CredentialStore store = new InMemoryCredentialStore();
        private HttpTransport transport = HttpTransport.defaults();
        private Clock clock = Clock.systemUTC();
        private LoginObserver observer = LoginObserver.NONE;
        private DiscoveryCache discoveryCache;
        private RegistrationCache registrationCache;
        private boolean cachesDisabled;
        private boolean concurrentProbing = true;

        private Builder() {
        }

        /**
         * The discovery cache to use, e.g. one shared by several flows; by default each flow has
         * its own ({@link DiscoveryCache#create()} on the flow's clock).
         */
        public Builder discoveryCache(DiscoveryCache cache) {
            this.discoveryCache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** The registration cache to use; by default each flow has its own. */
        public Builder registrationCache(RegistrationCache cache) {
            this.registrationCache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** Whether to cache discovery results and registrations between logins (default true). */
        public Builder caching(boolean enabled) {
            this.cachesDisabled = !enabled;
            return this;
        }

        /** Whether to request a document's well-known locations concurrently (default true). */
        public Builder concurrentProbing(boolean concurrent) {
            this.concurrentProbing = concurrent;
            return this;
        }

        public Builder credentialStore(CredentialStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        public Builder httpTransport(HttpTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder observer(LoginObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        public LoginFlow build() {
            return new LoginFlow(this);
        }
    }
}

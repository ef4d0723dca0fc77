package dev.mcpoauth.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.http.HttpCall;
import dev.mcpoauth.http.HttpResult;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.http.JsonTree;
import dev.mcpoauth.http.RedirectPolicy;
import dev.mcpoauth.internal.ServerText;
import dev.mcpoauth.internal.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out how an MCP server is protected, in the order the MCP authorization specification
 * (revision 2026-07-28) gives. The only class of this package that does I/O.
 *
 * <ol>
 *   <li>An unauthenticated MCP {@code initialize} request; a 401 (or 403) carries a
 *       {@code WWW-Authenticate} challenge (RFC 9110 §11.6.1, RFC 6750 §3, RFC 9728 §5.1).</li>
 *   <li>Protected resource metadata (RFC 9728): from the challenge's {@code resource_metadata}
 *       URL — and then from nothing else, even when it fails — or else from the well-known URLs of
 *       {@link DiscoveryCandidates#protectedResource}, in order.</li>
 *   <li>The metadata's {@code resource} checked against the server URL, or against
 *       {@link DiscoveryOptions#expectedResource()} (RFC 9728 §3.3): on a mismatch discovery stops
 *       before contacting any authorization server.</li>
 *   <li>Authorization server metadata for the first of {@code authorization_servers}, from
 *       {@link DiscoveryCandidates#authorizationServer} in order, with the issuer echo check
 *       (RFC 8414 §3.3): a document naming another issuer is not used, and discovery stops.</li>
 *   <li>For a server without protected resource metadata (MCP 2025-03-26): the server's origin
 *       acts as the authorization server; without metadata there either, {@code /authorize},
 *       {@code /token} and {@code /register} on that origin, PKCE S256 assumed.</li>
 * </ol>
 *
 * <p>Every request is bounded by the {@link HttpTransport}'s timeouts and size cap. Metadata
 * requests send {@code Accept: application/json} and follow redirects only within the origin of the
 * URL requested ({@link RedirectPolicy#SAME_ORIGIN}). Each URL tried is recorded as a
 * {@link DiscoveryStep} and logged at debug level; bodies are never logged.
 *
 * <p>Example:
 * <pre>{@code
 * AuthorizationDiscovery discovery = new AuthorizationDiscovery(HttpTransport.defaults());
 * try {
 *     ServerAuthorization auth = discovery.discover(URI.create("https://mcp.example.com/mcp"));
 *     System.out.println("issuer " + auth.issuer() + ", scopes " + auth.discoveredScopes());
 * } catch (McpOAuthException e) {
 *     System.err.println(e.code().code() + ": " + e.getMessage());
 * }
 * }</pre>
 *
 * <p>Related specifications: MCP authorization (2026-07-28 and, for the fallbacks, 2025-03-26);
 * RFC 9728; RFC 8414; OpenID Connect Discovery 1.0; RFC 6750 §3; RFC 9110 §11.6.1.
 */
public final class AuthorizationDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationDiscovery.class);

    /** The MCP protocol version sent on the probe and on protected resource metadata requests. */
    public static final String PROTOCOL_VERSION = "2025-11-25";
    /** The request header that carries {@link #PROTOCOL_VERSION} (MCP transports, streamable HTTP). */
    public static final String PROTOCOL_VERSION_HEADER = "MCP-Protocol-Version";

    private static final String PROBE_BODY = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"" + PROTOCOL_VERSION + "\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"mcp-oauth\",\"version\":\"0.1.0\"}}}";

    private static final String PROBE = "unauthenticated MCP initialize";
    private static final String PRM = "protected resource metadata";
    private static final String PRM_FROM_CHALLENGE = "protected resource metadata (from the challenge)";
    private static final String AS_METADATA = "authorization server metadata";
    private static final String CACHED = "cached discovery";

    /** Sends the lower-priority well-known requests of a concurrent probe; daemon threads, none kept idle. */
    private static final ExecutorService PROBES = new ThreadPoolExecutor(0, 64, 10, TimeUnit.SECONDS,
            new SynchronousQueue<>(), daemonThreads(), new ThreadPoolExecutor.CallerRunsPolicy());

    private final HttpTransport http;
    private final DiscoveryCache cache;
    private final boolean concurrent;

    /**
     * Discovery over the given transport (its static headers go on every request): one request at
     * a time, in spec order, nothing cached. What {@code mcp-oauth doctor} shows.
     */
    public AuthorizationDiscovery(HttpTransport http) {
        this(builder(http));
    }

    private AuthorizationDiscovery(Builder b) {
        this.http = b.http;
        this.cache = b.cache;
        this.concurrent = b.concurrent;
    }

    /**
     * Discovery with options: a {@link DiscoveryCache}, and concurrent probing of well-known
     * locations. {@link dev.mcpoauth.login.LoginFlow} uses both.
     *
     * <pre>{@code
     * AuthorizationDiscovery discovery = AuthorizationDiscovery.builder(HttpTransport.defaults())
     *         .cache(DiscoveryCache.create())
     *         .concurrentProbing(true)
     *         .build();
     * }</pre>
     */
    public static Builder builder(HttpTransport http) {
        return new Builder(http);
    }

    /**
     * Discovers how {@code serverUrl} is protected, checking the metadata against the server URL.
     *
     * @see #discover(URI, DiscoveryOptions, Consumer)
     */
    public ServerAuthorization discover(URI serverUrl) {
        return discover(serverUrl, DiscoveryOptions.DEFAULTS, step -> { });
    }

    /**
     * Discovers how {@code serverUrl} is protected.
     *
     * @param options {@code null} means {@link DiscoveryOptions#DEFAULTS}
     * @see #discover(URI, DiscoveryOptions, Consumer)
     */
    public ServerAuthorization discover(URI serverUrl, DiscoveryOptions options) {
        return discover(serverUrl, options, step -> { });
    }

    /**
     * Discovers, reporting each step to {@code stepListener} as it happens, so a failed discovery
     * still shows everything that was tried.
     *
     * @param serverUrl    the MCP server's streamable HTTP endpoint, an absolute http(s) URL
     * @param options      {@code null} means {@link DiscoveryOptions#DEFAULTS}
     * @param stepListener called on the calling thread once per step, in order
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} (server URL or expected resource),
     *     {@link ErrorCode#OAUTH_UNSUPPORTED}, {@link ErrorCode#RESOURCE_MISMATCH},
     *     {@link ErrorCode#ISSUER_MISMATCH}, {@link ErrorCode#METADATA_NOT_FOUND},
     *     {@link ErrorCode#MALFORMED_RESPONSE}, and the transport's {@link ErrorCode#UNREACHABLE},
     *     {@link ErrorCode#TIMEOUT}, {@link ErrorCode#RESPONSE_TOO_LARGE}, {@link ErrorCode#REDIRECT_REFUSED}
     */
    public ServerAuthorization discover(URI serverUrl, DiscoveryOptions options, Consumer<DiscoveryStep> stepListener) {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Run run = new Run(serverUrl, options == null ? DiscoveryOptions.DEFAULTS : options,
                stepListener == null ? step -> { } : stepListener);
        return run.discover();
    }

    /** What the unauthenticated probe learnt. */
    private record Probe(HttpResult result, WwwAuthenticate challenges) {
        WwwAuthenticate.Challenge bearer() {
            return challenges.bearer().orElse(null);
        }
    }

    /** Protected resource metadata, where it came from, and until when it may be reused. */
    private record FoundResource(URI url, ProtectedResourceMetadata metadata, Instant expires) {
    }

    /** Authorization server metadata, the issuer string it states, and until when it may be reused. */
    private record FoundServer(AuthorizationServerMetadata metadata, String statedIssuer, Instant expires) {
    }

    /** The state of one discovery. */
    private final class Run {
        /** The transport anchored at this server: address policy and pinned host addresses. */
        private final HttpTransport http;
        private final URI serverUrl;
        private final ResourceUri serverResource;
        private final ResourceUri expectedResource;
        /** The configured resource as given: part of the cache key. */
        private final String expectedResourceKey;
        private final Consumer<DiscoveryStep> listener;
        private final List<DiscoveryStep> steps = new ArrayList<>();

        Run(URI serverUrl, DiscoveryOptions options, Consumer<DiscoveryStep> listener) {
            String scheme = serverUrl.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                        "invalid MCP server URL `" + serverUrl + "`: not an http(s) URL");
            }
            this.serverUrl = serverUrl;
            this.http = AuthorizationDiscovery.this.http.forServer(serverUrl);
            this.serverResource = ResourceUri.of(serverUrl);
            this.expectedResource = options.expectedResource() == null ? null
                    : new ResourceUri(Urls.canonical(options.expectedResource(), "oauth_resource"));
            this.expectedResourceKey = options.expectedResource();
            this.listener = listener;
        }

        ServerAuthorization discover() {
            try {
                if (cache != null) {
                    DiscoveryCache.ServerEntry entry = cache.server(serverUrl, expectedResourceKey);
                    if (entry != null) {
                        ServerAuthorization cached = fromCache(entry);
                        if (cached != null) {
                            return cached;
                        }
                    }
                }
                return discoverFresh();
            } catch (McpOAuthException e) {
                if (cache != null) {
                    cache.invalidate(serverUrl);
                }
                throw e;
            }
        }

        private ServerAuthorization discoverFresh() {
            Probe probe = probe();
            WwwAuthenticate.Challenge bearer = probe.bearer();
            List<String> challengeScopes = bearer == null ? List.of() : bearer.scopes();

            FoundResource found = findProtectedResource(bearer);
            if (found == null) {
                return legacy(probe, challengeScopes);
            }
            ResourceUri resource = checkResource(found);
            String issuer = authorizationServer(found);
            FoundServer server = cachedOrFetched(issuer, false);
            if (server == null) {
                throw notFound(issuer);
            }
            remember(new DiscoveryCache.ServerEntry(found.url(), found.metadata(), issuer, challengeScopes,
                    ServerAuthorization.Source.PROTECTED_RESOURCE_METADATA, null, found.expires()));
            return new ServerAuthorization(serverUrl, resource, found.metadata(), server.metadata(), issuer,
                    challengeScopes, ServerAuthorization.Source.PROTECTED_RESOURCE_METADATA, steps);
        }

        // ---- 0. the cache ----

        /**
         * A result from a fresh cache entry: no probe and no protected resource metadata request;
         * the authorization server metadata is fetched only when its own entry has expired. Null
         * when the entry cannot be completed from the cache alone and discovery must start over.
         */
        private ServerAuthorization fromCache(DiscoveryCache.ServerEntry entry) {
            step(CACHED, entry.prmUrl(), -1, "using what discovery found for this server, fresh until "
                    + entry.expires() + ": no probe" + (entry.prm() == null ? "" : ", no protected resource metadata request"));
            switch (entry.source()) {
                case LEGACY_DEFAULT_ENDPOINTS: {
                    ServerAuthorization d = entry.defaults();
                    return new ServerAuthorization(serverUrl, d.resource(), null, d.metadata(), d.issuer(),
                            entry.challengeScopes(), d.source(), steps);
                }
                case LEGACY_ORIGIN_METADATA: {
                    FoundServer server = cachedServer(entry.issuer(), true);
                    if (server == null) {
                        cache.invalidate(serverUrl);
                        step(CACHED, null, -1, "the origin's authorization server metadata has expired; discovering again");
                        return null;
                    }
                    return new ServerAuthorization(serverUrl, serverResource, null, server.metadata(),
                            server.statedIssuer(), entry.challengeScopes(), entry.source(), steps);
                }
                default: {
                    FoundResource found = new FoundResource(entry.prmUrl(), entry.prm(), entry.expires());
                    ResourceUri resource = checkResource(found);
                    String issuer = entry.issuer();
                    FoundServer server = cachedOrFetched(issuer, false);
                    if (server == null) {
                        throw notFound(issuer);
                    }
                    return new ServerAuthorization(serverUrl, resource, found.metadata(), server.metadata(), issuer,
                            entry.challengeScopes(), entry.source(), steps);
                }
            }
        }

        /** The issuer's metadata from a fresh cache entry, else from its well-known locations; null when none has any. */
        private FoundServer cachedOrFetched(String issuer, boolean legacy) {
            FoundServer cached = cache == null ? null : cachedServer(issuer, legacy);
            return cached != null ? cached : fetchAuthorizationServer(issuer, legacy);
        }

        /** The issuer's metadata from a fresh cache entry, recorded as a step; null when there is none. */
        private FoundServer cachedServer(String issuer, boolean legacy) {
            DiscoveryCache.IssuerEntry entry = cache.issuer(issuer, legacy);
            if (entry == null) {
                return null;
            }
            step(CACHED, entry.url(), -1, "authorization server metadata for issuer `" + entry.statedIssuer()
                    + "`, fresh until " + entry.expires() + ": no request");
            return new FoundServer(entry.metadata(), entry.statedIssuer(), entry.expires());
        }

        private void remember(DiscoveryCache.ServerEntry entry) {
            if (cache != null) {
                cache.putServer(serverUrl, expectedResourceKey, entry);
            }
        }

        /** Until when a response may be reused; {@link Instant#MIN} when nothing is cached. */
        private Instant expiry(HttpResult result) {
            return cache == null ? Instant.MIN : cache.expiry(result);
        }

        private void step(String description, URI url, int status, String outcome) {
            DiscoveryStep step = new DiscoveryStep(description, url, status, outcome);
            steps.add(step);
            LOG.debug("discovery of {}: {}", serverUrl, step);
            listener.accept(step);
        }

        /** Sends a request; a transport failure is recorded as a step without a response, then rethrown. */
        private HttpResult send(String description, HttpCall call) {
            try {
                return http.send(call);
            } catch (McpOAuthException e) {
                step(description, call.uri(), -1, "no response: " + e.detail());
                throw e;
            }
        }

        // ---- 1. the probe ----

        private Probe probe() {
            HttpCall call = HttpCall.post(serverUrl, "application/json", PROBE_BODY)
                    .header("Accept", "application/json, text/event-stream")
                    .header(PROTOCOL_VERSION_HEADER, PROTOCOL_VERSION);
            HttpResult result = send(PROBE, call);
            int status = result.status();
            boolean challenged = status == 401 || status == 403;
            List<String> headers = challenged ? result.headers("www-authenticate") : List.of();
            WwwAuthenticate challenges = WwwAuthenticate.parse(headers);
            String outcome;
            if (challenged) {
                outcome = headers.isEmpty()
                        ? "asks for authorization, without a WWW-Authenticate challenge"
                        : "asks for authorization: " + ServerText.sanitize(String.join(", ", headers));
                if (challenges.malformed()) {
                    outcome += " (the challenge is malformed; reading what precedes the fault)";
                }
            } else if (result.isSuccess()) {
                outcome = "answered without asking for authorization; looking for metadata anyway";
            } else {
                outcome = "unexpected status; looking for metadata anyway";
            }
            step(PROBE, serverUrl, status, outcome);
            return new Probe(result, challenges);
        }

        // ---- 2. protected resource metadata ----

        /** The metadata, or null when no well-known location has any. */
        private FoundResource findProtectedResource(WwwAuthenticate.Challenge bearer) {
            String named = bearer == null ? null : bearer.param("resource_metadata").orElse(null);
            if (named != null) {
                URI url = bearer.resourceMetadata().orElse(null);
                if (url == null) {
                    String quoted = ServerText.sanitize(named);
                    step(PRM_FROM_CHALLENGE, null, -1,
                            "the challenge's resource_metadata `" + quoted + "` is not an absolute http(s) URL");
                    throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                            "the challenge of `" + serverUrl + "` names resource_metadata `" + quoted
                                    + "`, which is not an absolute http(s) URL (RFC 9728 §5.1)");
                }
                HttpResult result = send(PRM_FROM_CHALLENGE, prmCall(url));
                return readProtectedResource(url, result, true, false);
            }
            List<URI> candidates = DiscoveryCandidates.protectedResource(serverUrl);
            Fetches fetches = new Fetches(PRM, candidates.stream().map(AuthorizationDiscovery::prmCall).toList());
            for (int i = 0; i < candidates.size(); i++) {
                FoundResource found = readProtectedResource(candidates.get(i), fetches.result(i), false,
                        i + 1 < candidates.size());
                if (found != null) {
                    fetches.notNeededAfter(i);
                    return found;
                }
            }
            return null;
        }

        /**
         * Reads one location's answer. Null when a well-known location does not have it; an error
         * when the challenge named this URL and it failed, and whenever a document is there but unusable.
         */
        private FoundResource readProtectedResource(URI url, HttpResult result, boolean fromChallenge, boolean more) {
            String description = fromChallenge ? PRM_FROM_CHALLENGE : PRM;
            if (!result.isSuccess()) {
                if (fromChallenge) {
                    step(description, url, result.status(), statusText(result.status())
                            + "; the challenge named this URL, so no other location is tried");
                    throw new McpOAuthException(ErrorCode.METADATA_NOT_FOUND,
                            "the protected resource metadata named by the challenge of `" + serverUrl + "`, " + url
                                    + ", answered HTTP " + result.status() + " (RFC 9728 §5.1)",
                            "Report this to the server's operator; run `mcp-oauth doctor` to see every step.", null);
                }
                step(description, url, result.status(), statusText(result.status())
                        + (more ? ", trying the next location" : ", and that was the last location"));
                return null;
            }
            try {
                ObjectNode json = JsonTree.readObject(result, PRM);
                ProtectedResourceMetadata metadata = ProtectedResourceMetadata.parse(json, url.toString());
                step(description, url, result.status(), "found protected resource metadata for `"
                        + ServerText.sanitize(metadata.resource().toString()) + "`, authorization servers "
                        + ServerText.sanitize(metadata.authorizationServers().toString()));
                return new FoundResource(url, metadata, expiry(result));
            } catch (McpOAuthException e) {
                step(description, url, result.status(), "unusable: " + e.detail());
                throw e;
            }
        }

        // ---- 3. the resource check ----

        private ResourceUri checkResource(FoundResource found) {
            URI prmUrl = found.url();
            String statedText = found.metadata().resource().toString();
            ResourceUri stated;
            try {
                stated = ResourceUri.of(found.metadata().resource());
            } catch (McpOAuthException e) {
                step("resource check", null, -1, "the metadata's resource `" + ServerText.sanitize(statedText)
                        + "` is not a valid URL");
                throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, "protected resource metadata at " + prmUrl
                        + " has an invalid `resource` (RFC 9728 §2)", e);
            }
            ResourceUri expected = expectedResource != null ? expectedResource : serverResource;
            String against = expectedResource != null ? "the configured oauth_resource" : "the server URL";
            if (!expected.isCoveredBy(stated)) {
                step("resource check", null, -1, "mismatch: the metadata at " + prmUrl + " is for `"
                        + ServerText.sanitize(stated.value()) + "`, not " + against + " `" + expected + "`");
                throw new McpOAuthException(ErrorCode.RESOURCE_MISMATCH,
                        "protected resource metadata at " + prmUrl + " is for `" + ServerText.sanitize(stated.value())
                                + "`, not `" + expected + "` (RFC 9728 §3.3)");
            }
            step("resource check", null, -1, "the metadata's resource `" + stated + "` covers " + against
                    + " `" + expected + "`");
            return stated;
        }

        // ---- 4. authorization server metadata ----

        /** The first of {@code authorization_servers}, checked to be a usable issuer identifier. */
        private String authorizationServer(FoundResource found) {
            List<String> servers = found.metadata().authorizationServers();
            if (servers.isEmpty()) {
                step("authorization server", null, -1, "the metadata at " + found.url() + " lists no authorization_servers");
                throw new McpOAuthException(ErrorCode.METADATA_NOT_FOUND,
                        "protected resource metadata at " + found.url() + " lists no authorization servers (RFC 9728 §2)",
                        "Report this to the server's operator.", null);
            }
            String issuer = servers.get(0);
            if (!isIssuerIdentifier(issuer)) {
                step("authorization server", null, -1, "`" + ServerText.sanitize(issuer) + "` is not an issuer URL");
                throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, "protected resource metadata at " + found.url()
                        + " names the authorization server `" + ServerText.sanitize(issuer) + "`, which is not an"
                        + " http(s) URL without query or fragment (RFC 8414 §2)");
            }
            step("authorization server", null, -1, servers.size() == 1 ? "using " + issuer
                    : "using " + issuer + ", the first of " + servers.size() + " listed");
            return issuer;
        }

        /**
         * Authorization server metadata for an issuer, trying each candidate location in order;
         * null when none has any. A document naming another issuer stops discovery.
         *
         * @param legacy whether {@code issuer} is a 2025-03-26 origin, which servers write with or
         *               without a trailing slash
         */
        private FoundServer fetchAuthorizationServer(String issuer, boolean legacy) {
            List<URI> candidates = DiscoveryCandidates.authorizationServer(issuer);
            Fetches fetches = new Fetches(AS_METADATA, candidates.stream().map(AuthorizationDiscovery::metadataCall).toList());
            for (int i = 0; i < candidates.size(); i++) {
                URI url = candidates.get(i);
                boolean more = i + 1 < candidates.size();
                HttpResult result = fetches.result(i);
                if (!result.isSuccess()) {
                    step(AS_METADATA, url, result.status(), statusText(result.status())
                            + (more ? ", trying the next location" : ", and that was the last location"));
                    continue;
                }
                ObjectNode json;
                try {
                    json = JsonTree.readObject(result, AS_METADATA);
                } catch (McpOAuthException e) {
                    step(AS_METADATA, url, result.status(), "unusable: " + e.detail());
                    throw e;
                }
                String stated = json.path("issuer").isTextual() ? json.get("issuer").textValue() : null;
                if (!issuerMatches(issuer, stated, legacy)) {
                    String said = stated == null ? "(none)" : ServerText.sanitize(stated);
                    step(AS_METADATA, url, result.status(), "issuer mismatch: the document says `" + said
                            + "`, not `" + issuer + "`; not used, and no other location is tried");
                    throw new McpOAuthException(ErrorCode.ISSUER_MISMATCH,
                            "authorization server metadata at " + url + " names issuer `" + said + "`, not `" + issuer
                                    + "` (RFC 8414 §3.3)");
                }
                AuthorizationServerMetadata metadata;
                try {
                    metadata = parseMetadata(json, url.toString());
                } catch (McpOAuthException e) {
                    step(AS_METADATA, url, result.status(), "unusable: " + e.detail());
                    throw e;
                }
                step(AS_METADATA, url, result.status(), "found authorization server metadata for issuer `" + stated + "`");
                fetches.notNeededAfter(i);
                Instant expires = expiry(result);
                if (cache != null) {
                    cache.putIssuer(issuer, legacy, new DiscoveryCache.IssuerEntry(url, metadata, stated, expires));
                }
                return new FoundServer(metadata, stated, expires);
            }
            return null;
        }

        /**
         * The answers to the requests for a list of well-known locations, in priority order. When
         * probing concurrently, every request is sent at once (the first on the calling thread) and
         * the answers are still read in order, so the highest-priority usable answer wins exactly as
         * if they had been sent one by one; otherwise each is sent when it is read.
         */
        private final class Fetches {
            private final String description;
            private final List<HttpCall> calls;
            private final List<CompletableFuture<HttpResult>> later;

            Fetches(String description, List<HttpCall> calls) {
                this.description = description;
                this.calls = calls;
                if (concurrent && calls.size() > 1) {
                    later = new ArrayList<>();
                    for (HttpCall call : calls.subList(1, calls.size())) {
                        later.add(CompletableFuture.supplyAsync(() -> http.send(call), PROBES));
                    }
                } else {
                    later = null;
                }
            }

            HttpResult result(int i) {
                if (later == null || i == 0) {
                    return send(description, calls.get(i));
                }
                try {
                    return later.get(i - 1).join();
                } catch (CompletionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof McpOAuthException failure) {
                        step(description, calls.get(i).uri(), -1, "no response: " + failure.detail());
                        throw failure;
                    }
                    throw e;
                }
            }

            /** Records the requests sent at the same time as the one that answered, whose answers are not used. */
            void notNeededAfter(int i) {
                if (later == null) {
                    return;
                }
                for (int j = i + 1; j < calls.size(); j++) {
                    CompletableFuture<HttpResult> f = later.get(j - 1);
                    int status = f.isDone() && !f.isCompletedExceptionally() ? f.join().status() : -1;
                    step(description, calls.get(j).uri(), status,
                            "requested at the same time as the location above; its answer is not used");
                }
            }
        }

        private McpOAuthException notFound(String issuer) {
            String tried = DiscoveryCandidates.authorizationServer(issuer).stream()
                    .map(URI::toString).collect(Collectors.joining(", "));
            return new McpOAuthException(ErrorCode.METADATA_NOT_FOUND,
                    "no authorization server metadata for `" + issuer + "`: tried " + tried + " (RFC 8414 §3.1)");
        }

        // ---- 5. the 2025-03-26 fallbacks ----

        /** No protected resource metadata: the server's origin is the authorization server. */
        private ServerAuthorization legacy(Probe probe, List<String> challengeScopes) {
            HttpResult result = probe.result();
            if (result.isSuccess()) {
                step("OAuth", null, -1, "the server answered without authorization and publishes no protected"
                        + " resource metadata: it does not require OAuth");
                throw new McpOAuthException(ErrorCode.OAUTH_UNSUPPORTED,
                        "`" + serverUrl + "` does not require OAuth: it answered an unauthenticated initialize request with"
                                + " HTTP " + result.status() + " and publishes no protected resource metadata");
            }
            String origin = DiscoveryCandidates.origin(serverUrl);
            step("2025-03-26 fallback", null, -1, "no protected resource metadata; treating the server's origin "
                    + origin + " as the authorization server (MCP 2025-03-26)");
            FoundServer found = cachedOrFetched(origin, true);
            if (found != null) {
                remember(new DiscoveryCache.ServerEntry(null, null, origin, challengeScopes,
                        ServerAuthorization.Source.LEGACY_ORIGIN_METADATA, null,
                        cache == null ? Instant.MIN : earlier(cache.heuristicExpiry(), found.expires())));
                return new ServerAuthorization(serverUrl, serverResource, null, found.metadata(), found.statedIssuer(),
                        challengeScopes, ServerAuthorization.Source.LEGACY_ORIGIN_METADATA, steps);
            }
            if (!askedForOAuth(probe)) {
                WwwAuthenticate challenges = probe.challenges();
                if (!challenges.challenges().isEmpty() && !challenges.malformed()) {
                    String schemes = challenges.challenges().stream().map(WwwAuthenticate.Challenge::scheme)
                            .map(ServerText::sanitize).distinct().collect(Collectors.joining(", "));
                    step("OAuth", null, -1, "the server asks for " + schemes + " authorization, not Bearer");
                    throw new McpOAuthException(ErrorCode.OAUTH_UNSUPPORTED, "`" + serverUrl + "` asks for " + schemes
                            + " authorization, not OAuth (no Bearer challenge, no protected resource or authorization"
                            + " server metadata)");
                }
                step("OAuth", null, -1, "no OAuth challenge and no metadata anywhere");
                throw new McpOAuthException(ErrorCode.METADATA_NOT_FOUND,
                        "`" + serverUrl + "` answered HTTP " + result.status() + " without an OAuth challenge, and no"
                                + " protected resource or authorization server metadata was found",
                        "Check the URL; run `mcp-oauth doctor` to see every step.", null);
            }
            AuthorizationServerMetadata defaults = new AuthorizationServerMetadata(new Issuer(origin));
            defaults.setAuthorizationEndpointURI(URI.create(origin + "/authorize"));
            defaults.setTokenEndpointURI(URI.create(origin + "/token"));
            defaults.setRegistrationEndpointURI(URI.create(origin + "/register"));
            // The 2025-03-26 revision required PKCE S256 of every authorization server.
            defaults.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
            step("2025-03-26 default endpoints", null, -1, "no metadata at all; using " + origin + "/authorize, "
                    + origin + "/token and " + origin + "/register");
            ServerAuthorization defaulted = new ServerAuthorization(serverUrl, serverResource, null, defaults, origin,
                    challengeScopes, ServerAuthorization.Source.LEGACY_DEFAULT_ENDPOINTS, steps);
            remember(new DiscoveryCache.ServerEntry(null, null, origin, challengeScopes,
                    ServerAuthorization.Source.LEGACY_DEFAULT_ENDPOINTS, defaulted,
                    cache == null ? Instant.MIN : cache.heuristicExpiry()));
            return defaulted;
        }

        /**
         * Whether the probe asked for OAuth: a Bearer challenge, or a 401 whose challenge is absent
         * or unreadable (a 2025-03-26 server need not send one).
         */
        private boolean askedForOAuth(Probe probe) {
            if (probe.bearer() != null) {
                return true;
            }
            WwwAuthenticate challenges = probe.challenges();
            return probe.result().status() == 401 && (challenges.challenges().isEmpty() || challenges.malformed());
        }
    }

    /**
     * Reads an authorization server metadata document with the Nimbus SDK, as discovery does after
     * the issuer check. Whatever the document holds, the only failure is a
     * {@link ErrorCode#MALFORMED_RESPONSE}: Nimbus reports most faults as {@link ParseException}, but
     * some (an empty {@code issuer}, for one) as unchecked exceptions, which must not escape as a
     * crash.
     *
     * @param where names the document in the message, e.g. its URL
     */
    public static AuthorizationServerMetadata parseMetadata(ObjectNode json, String where) {
        try {
            return AuthorizationServerMetadata.parse(JsonTree.write(json));
        } catch (ParseException | RuntimeException e) {
            String why = ServerText.sanitize(String.valueOf(e.getMessage()));
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                    "authorization server metadata at " + where + " is invalid: " + why + " (RFC 8414 §2)", e);
        }
    }

    private static HttpCall prmCall(URI url) {
        return HttpCall.get(url)
                .header("Accept", "application/json")
                .header(PROTOCOL_VERSION_HEADER, PROTOCOL_VERSION)
                .redirects(RedirectPolicy.SAME_ORIGIN);
    }

    private static HttpCall metadataCall(URI url) {
        return HttpCall.get(url)
                .header("Accept", "application/json")
                .redirects(RedirectPolicy.SAME_ORIGIN);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "mcp-oauth-discovery-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String statusText(int status) {
        return status == 404 ? "not found (HTTP 404)" : "not usable (HTTP " + status + ")";
    }

    private static boolean issuerMatches(String expected, String stated, boolean legacy) {
        if (stated == null) {
            return false;
        }
        if (legacy) {
            // A 2025-03-26 server's metadata comes from its own origin, which is its authorization
            // base URL; servers write the issuer as that origin, with or without the slash, or as a
            // URL below it (e.g. origin/oauth). Any issuer on that same origin speaks for it; one on
            // another origin does not (RFC 8414 §3.3).
            if (withoutTrailingSlash(stated).equals(withoutTrailingSlash(expected))) {
                return true;
            }
            try {
                return isIssuerIdentifier(stated) && HttpTransport.sameOrigin(URI.create(stated), URI.create(expected));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return stated.equals(expected);
    }

    private static String withoutTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** RFC 8414 §2: an http(s) URL with a host and no query or fragment. */
    private static boolean isIssuerIdentifier(String issuer) {
        try {
            URI uri = new URI(issuer);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Builds an {@link AuthorizationDiscovery}. */
    public static final class Builder {
        private final HttpTransport http;
        private DiscoveryCache cache;
        private boolean concurrent;

        private Builder(HttpTransport http) {
            this.http = Objects.requireNonNull(http, "http");
        }

        /** Reuse fresh results from {@code cache}, and store new ones in it; {@code null} (the default) caches nothing. */
        public Builder cache(DiscoveryCache cache) {
            this.cache = cache;
            return this;
        }

        /**
         * Whether to request the well-known locations of one document at the same time (default
         * false). The answers are still read in priority order; only locations the spec lets this
         * client try are requested (never the well-known protected resource metadata when the
         * challenge names one, never the root for an issuer with a path).
         */
        public Builder concurrentProbing(boolean concurrent) {
            this.concurrent = concurrent;
            return this;
        }

        public AuthorizationDiscovery build() {
            return new AuthorizationDiscovery(this);
        }
    }
}

package dev.mcpoauth.http;

import dev.mcpoauth.dpop.DPoPProofs;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * The one place mcp-oauth talks HTTP: JDK {@link HttpClient} with bounded time, bounded size and an
 * explicit redirect policy.
 *
 * <p>Every call is bounded by {@link Builder#requestTimeout(Duration)} from the first byte sent to the
 * last byte of the body read, so a server that trickles its response cannot hold the client. Bodies
 * over {@link Builder#maxResponseBytes(int)} are refused with {@link ErrorCode#RESPONSE_TOO_LARGE}.
 * Static headers (a server's configured {@code http_headers}) go on every call.
 *
 * <p>Every host name is resolved first (by the {@link HostResolver}), every address it resolves to
 * is checked against the {@link AddressPolicy}, and the connection then goes to one of exactly those
 * addresses (HTTP/1.1 over a socket of our own, TLS with the host name as SNI and certificate
 * identity), never to a second lookup: DNS rebinding cannot swap in an internal address. A
 * transport made by {@link #forServer(URI)} anchors the policy at an MCP server and resolves each
 * host once for all its calls.
 *
 * <pre>{@code
 * HttpTransport http = HttpTransport.builder()
 *         .staticHeaders(Map.of("X-Tenant", "acme"))
 *         .build();
 * HttpResult result = http.send(HttpCall.get(uri).redirects(RedirectPolicy.SAME_ORIGIN));
 * }</pre>
 */
public final class HttpTransport {
    /** Time to establish a TCP (and TLS) connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Time for a whole exchange, headers and body. Metadata and token calls are small. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Largest body read: metadata, registration and token responses are a few KiB. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
    /** Redirects followed at most under {@link RedirectPolicy#SAME_ORIGIN}. */
    public static final int MAX_REDIRECTS = 5;

    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade");

    /** Observes each exchange, for diagnostics and round-trip counting. One method, a no-op default. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (call, result, failure) -> { };

        /**
         * Called once per HTTP exchange (each redirect hop counts).
         *
         * @param call    what was sent (its {@code toString} holds no secrets)
         * @param result  the response, or {@code null} when the exchange failed
         * @param failure the failure, or {@code null} when a response arrived
         */
        void onExchange(HttpCall call, HttpResult result, McpOAuthException failure);
    }

    /** A caller-supplied JDK client, or {@code null}: connections pinned to the checked addresses. */
    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final AddressPolicy addressPolicy;
    private final HostResolver resolver;
    private final Connector connector;
    private final SSLContext sslContext;
    /** Built on the first https call: the JDK's default TLS set-up costs ~100 ms, which no plain-http or offline command should pay. */
    private volatile SSLSocketFactory tls;
    /** Non-null for a transport made by {@link #forServer(URI)}. */
    private final PinnedHosts pins;
    private final int maxResponseBytes;
    private final Map<String, String> staticHeaders;
    private final String userAgent;
    private final Listener listener;
    private final DPoPProofs dpop;
    /** Idle connections, shared with every transport derived from this one; null when reuse is off. */
    private final ConnectionPool pool;

    private HttpTransport(Builder b) {
        this.client = b.client;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.addressPolicy = b.addressPolicy;
        this.resolver = b.resolver;
        this.connector = b.connector;
        this.sslContext = b.sslContext;
        this.pins = b.pins;
        this.maxResponseBytes = b.maxResponseBytes;
        this.staticHeaders = Map.copyOf(b.staticHeaders);
        this.userAgent = b.userAgent;
        this.listener = b.listener;
        this.dpop = b.dpop;
        this.pool = !b.connectionReuse ? null : b.pool != null ? b.pool : new ConnectionPool();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A transport with default limits and no extra headers. */
    public static HttpTransport defaults() {
        return builder().build();
    }

    /** A builder holding this transport's settings (and its underlying client), to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.client = client;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.addressPolicy = addressPolicy;
        b.resolver = resolver;
        b.connector = connector;
        b.sslContext = sslContext;
        b.pins = pins;
        b.maxResponseBytes = maxResponseBytes;
        b.staticHeaders.putAll(staticHeaders);
        b.userAgent = userAgent;
        b.listener = listener;
        b.dpop = dpop;
        b.pool = pool;
        b.connectionReuse = pool != null;
        return b;
    }

    /** The DPoP proofs token requests carry (RFC 9449), if this transport was given them. */
    public Optional<DPoPProofs> dpop() {
        return Optional.ofNullable(dpop);
    }

    /** The static headers added to each call. */
    public Map<String, String> staticHeaders() {
        return staticHeaders;
    }

    /** The address policy, before any anchoring at an MCP server. */
    public AddressPolicy addressPolicy() {
        return addressPolicy;
    }

    /**
     * A transport for the discovery, registration and token calls made for one MCP server: its
     * {@link AddressPolicy} is anchored at the addresses of {@code mcpServerUrl}'s host, and every
     * host is resolved once and pinned for all calls through the returned transport (and transports
     * derived from it with {@link #toBuilder()}). Nothing is resolved until the first call. Returns
     * this transport when it is already anchored at the same origin.
     *
     * <pre>{@code
     * HttpTransport http = HttpTransport.defaults().forServer(URI.create("https://mcp.example.com/mcp"));
     * http.send(HttpCall.get(URI.create("http://169.254.169.254/latest/meta-data/")));  // address_refused
     * }</pre>
     */
    public HttpTransport forServer(URI mcpServerUrl) {
        Objects.requireNonNull(mcpServerUrl, "mcpServerUrl");
        if (mcpServerUrl.getHost() == null) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "`" + mcpServerUrl + "` has no host");
        }
        if (pins != null && originOf(pins.server()).equals(originOf(mcpServerUrl))) {
            return this;
        }
        Builder b = toBuilder();
        b.pins = new PinnedHosts(mcpServerUrl);
        return b.build();
    }

    /**
     * Sends a call and reads the whole response.
     *
     * @throws McpOAuthException {@link ErrorCode#UNREACHABLE}, {@link ErrorCode#TIMEOUT},
     *     {@link ErrorCode#RESPONSE_TOO_LARGE}, {@link ErrorCode#REDIRECT_REFUSED},
     *     {@link ErrorCode#ADDRESS_REFUSED} (checked before anything is sent) or
     *     {@link ErrorCode#MALFORMED_RESPONSE} (not HTTP/1.x)
     */
    public HttpResult send(HttpCall call) {
        HttpCall current = call;
        for (int hop = 0; ; hop++) {
            HttpResult result = sendOnce(current);
            if (call.redirects() == RedirectPolicy.NONE || !isRedirect(result.status())) {
                return result;
            }
            HttpCall from = current;
            URI target = result.header("location").map(location -> resolve(from, location)).orElse(null);
            if (target == null) {
                return result;
            }
            if (!sameOrigin(call.uri(), target)) {
                throw new McpOAuthException(ErrorCode.REDIRECT_REFUSED,
                        "`" + call.uri() + "` redirected to another origin (`" + originOf(target) + "`), which may not speak for it");
            }
            if (hop + 1 >= MAX_REDIRECTS) {
                throw new McpOAuthException(ErrorCode.REDIRECT_REFUSED,
                        "`" + call.uri() + "` redirected more than " + MAX_REDIRECTS + " times");
            }
            current = current.withUri(target);
        }
    }

    private HttpResult sendOnce(HttpCall call) {
        try {
            HttpResult result = exchange(call);
            listener.onExchange(call, result, null);
            return result;
        } catch (McpOAuthException e) {
            listener.onExchange(call, null, e);
            throw e;
        }
    }

    private HttpResult exchange(HttpCall call) {
        requireHttpUrl(call.uri());
        List<InetAddress> addresses = checkedAddresses(call.uri());
        if (client != null) {
            return exchangeWithClient(call);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", userAgent);
        staticHeaders.forEach(headers::put);
        call.headers().forEach(headers::put);
        Map<String, String> sent = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                PinnedExchange.validateHeader(name, value);
                sent.put(name, value);
            }
        });
        SSLSocketFactory socketFactory = call.uri().getScheme().equalsIgnoreCase("https") ? tls() : null;
        return PinnedExchange.send(call, sent, addresses, connector, socketFactory, connectTimeout, requestTimeout,
                maxResponseBytes, pool);
    }

    private SSLSocketFactory tls() {
        SSLSocketFactory factory = tls;
        if (factory == null) {
            factory = sslContext != null ? sslContext.getSocketFactory() : (SSLSocketFactory) SSLSocketFactory.getDefault();
            tls = factory;
        }
        return factory;
    }

    /** Resolves the URL's host (once per host when pinned), and checks every address against the policy. */
    private List<InetAddress> checkedAddresses(URI uri) {
        String host = PinnedExchange.hostWithoutBrackets(uri);
        AddressPolicy policy = addressPolicy;
        List<InetAddress> addresses;
        if (pins != null) {
            URI server = pins.server();
            List<InetAddress> serverAddresses =
                    pins.addresses(PinnedExchange.hostWithoutBrackets(server), name -> lookup(server, name));
            policy = addressPolicy.anchoredAt(server, serverAddresses);
            addresses = pins.addresses(host, name -> lookup(uri, name));
        } else {
            addresses = lookup(uri, host);
        }
        for (InetAddress address : addresses) {
            policy.check(uri, address);
        }
        return addresses;
    }

    private List<InetAddress> lookup(URI uri, String host) {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new McpOAuthException(ErrorCode.UNREACHABLE, "cannot reach `" + uri + "`: the host `" + host
                    + "` does not resolve", e);
        }
        if (addresses == null || addresses.isEmpty()) {
            throw new McpOAuthException(ErrorCode.UNREACHABLE, "cannot reach `" + uri + "`: the host `" + host
                    + "` resolves to no address");
        }
        return addresses;
    }

    private static void requireHttpUrl(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "`" + uri + "` is not an absolute http(s) URL");
        }
    }

    /** Through a caller-supplied JDK client, which resolves the name again itself. */
    private HttpResult exchangeWithClient(HttpCall call) {
        HttpRequest request = toRequest(call);
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, info -> new CappedBodySubscriber(maxResponseBytes));
        try {
            HttpResponse<byte[]> response = future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, List<String>> headers = new TreeMap<>();
            response.headers().map().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            return new HttpResult(response.statusCode(), call.uri(), Map.copyOf(headers), response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new McpOAuthException(ErrorCode.TIMEOUT,
                    "`" + call.uri() + "` did not answer within " + requestTimeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new McpOAuthException(ErrorCode.CANCELLED, "interrupted while calling `" + call.uri() + "`", e);
        } catch (ExecutionException e) {
            throw translate(call, e.getCause());
        }
    }

    private McpOAuthException translate(HttpCall call, Throwable cause) {
        if (cause instanceof ResponseTooLargeException) {
            return new McpOAuthException(ErrorCode.RESPONSE_TOO_LARGE,
                    "`" + call.uri() + "` sent more than " + maxResponseBytes + " bytes", cause);
        }
        if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException) {
            return new McpOAuthException(ErrorCode.TIMEOUT, "`" + call.uri() + "` timed out", cause);
        }
        if (cause instanceof ConnectException) {
            return new McpOAuthException(ErrorCode.UNREACHABLE,
                    "cannot connect to `" + originOf(call.uri()) + "` (connection refused)", cause);
        }
        String why = cause == null ? "unknown error" : describe(cause);
        return new McpOAuthException(ErrorCode.UNREACHABLE, "cannot reach `" + call.uri() + "`: " + why, cause);
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    private HttpRequest toRequest(HttpCall call) {
        String scheme = call.uri().getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || call.uri().getHost() == null) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                    "`" + call.uri() + "` is not an absolute http(s) URL");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri()).timeout(requestTimeout);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", userAgent);
        staticHeaders.forEach(headers::put);
        call.headers().forEach(headers::put);
        headers.forEach((name, value) -> {
            if (!RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                builder.header(name, value);
            }
        });
        HttpRequest.BodyPublisher publisher = call.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(call.body());
        return builder.method(call.method(), publisher).build();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI resolve(HttpCall call, String location) {
        try {
            return call.uri().resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                    "`" + call.uri() + "` redirected to an invalid location", e);
        }
    }

    /** Whether two URIs share scheme, host and effective port. */
    public static boolean sameOrigin(URI a, URI b) {
        return originOf(a).equals(originOf(b));
    }

    /** {@code scheme://host:port} with lower-cased scheme and host and the default port made explicit. */
    public static String originOf(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port == -1) {
            port = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        }
        return scheme + "://" + host + ":" + port;
    }

    private static final class ResponseTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        ResponseTooLargeException(int limit) {
            super("response body exceeds " + limit + " bytes");
        }
    }

    /** Collects a body up to a byte limit, cancelling the stream as soon as the limit is passed. */
    private static final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final List<ByteBuffer> buffers = new ArrayList<>();
        private int size;
        private Flow.Subscription subscription;

        CappedBodySubscriber(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                size += item.remaining();
                if (size > limit) {
                    subscription.cancel();
                    buffers.clear();
                    result.completeExceptionally(new ResponseTooLargeException(limit));
                    return;
                }
                buffers.add(item);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            byte[] bytes = new byte[size];
            int offset = 0;
            for (ByteBuffer buffer : buffers) {
                int length = buffer.remaining();
                buffer.get(bytes, offset, length);
                offset += length;
            }
            buffers.clear();
            result.complete(bytes);
        }
    }

    /** Settings for an {@link HttpTransport}. */
    public static final class Builder {
        private HttpClient client;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private AddressPolicy addressPolicy = AddressPolicy.DEFAULT;
        private HostResolver resolver = HostResolver.SYSTEM;
        private Connector connector = Connector.DIRECT;
        private SSLContext sslContext;
        private PinnedHosts pins;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private final Map<String, String> staticHeaders = new LinkedHashMap<>();
        private String userAgent = "mcp-oauth/0.1";
        private Listener listener = Listener.NONE;
        private DPoPProofs dpop;
        private ConnectionPool pool;
        private boolean connectionReuse = true;

        private Builder() {
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requirePositive(timeout, "connectTimeout");
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = requirePositive(timeout, "requestTimeout");
            return this;
        }

        public Builder maxResponseBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxResponseBytes must be positive");
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /** Headers added to every call (a server's configured {@code http_headers}). */
        public Builder staticHeaders(Map<String, String> headers) {
            this.staticHeaders.putAll(headers);
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sender-constrains tokens with DPoP (RFC 9449): token requests sent through this transport
         * carry a proof from {@code proofs}; {@code null} turns it off.
         */
        public Builder dpop(DPoPProofs proofs) {
            this.dpop = proofs;
            return this;
        }

        /**
         * Allows loopback, private and link-local addresses whatever the MCP server's own address
         * (the config key {@code mcp_oauth_allow_private_addresses}); cloud metadata addresses stay
         * refused. See {@link AddressPolicy}.
         */
        public Builder allowPrivateAddresses(boolean allow) {
            this.addressPolicy = addressPolicy.allowPrivateAddresses(allow);
            return this;
        }

        /** How host names become addresses; {@link HostResolver#SYSTEM} by default. */
        public Builder resolver(HostResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** The TLS context for https (its trust store decides which certificates are accepted); the JVM default otherwise. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /** How a checked address is connected to: a seam for tests. */
        Builder connector(Connector connector) {
            this.connector = Objects.requireNonNull(connector, "connector");
            return this;
        }

        /**
         * Uses a caller-supplied JDK client (it must not follow redirects by itself). The address
         * policy is still checked on the resolved addresses, but the JDK client resolves the name
         * again when it connects, so the connection is not pinned to the checked address: leave this
         * unset unless you need the JDK client's own proxy or TLS set-up.
         */
        public Builder httpClient(HttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Whether to keep HTTP/1.1 connections open for the next request to the same checked
         * address (default true), as browsers do: a login's requests to one server then share one
         * TCP connection and one TLS handshake. Idle connections are closed after 4 s. The
         * transports derived from this one ({@link HttpTransport#forServer}, {@link HttpTransport#toBuilder})
         * share its connections.
         */
        public Builder connectionReuse(boolean reuse) {
            this.connectionReuse = reuse;
            if (!reuse) {
                this.pool = null;
            }
            return this;
        }

        public HttpTransport build() {
            return new HttpTransport(this);
        }

        private static Duration requirePositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}

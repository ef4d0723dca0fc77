package dev.mcpoauth.cimdhost;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.authorize.CallbackId;
import dev.mcpoauth.registration.ClientMetadataUrls;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves OAuth Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document) at the
 * callback-scoped URLs mcp-oauth uses as {@code client_id} when given a client metadata URL base
 * ({@link ClientMetadataUrls#callbackScoped}, the reference host's {@code clientMetadataUrlBase}).
 *
 * <p>{@code GET {base path}/{callbackId}/client.json?redirect_uri=R} answers 200 with the document of
 * {@link CallbackScopedDocument}: its {@code client_id} is built from the <em>public</em> base with the
 * very builder clients use, so it is byte for byte the URL an authorization server fetched, whatever
 * {@code Host} header or listen address the request came through. Only redirect URIs that
 * {@link RedirectUriPolicy} accepts are served (loopback, last path segment equal to the callback id,
 * or allow-listed); anything else gets a JSON error with 400 or 404, other methods 405, and nothing is
 * ever redirected. Documents carry {@code Cache-Control: public, max-age=...} (authorization servers
 * cache them), errors {@code no-store}. In fixed-document mode a single static {@code client.json} is
 * served instead ({@link Builder#fixedDocument(Path)}).
 *
 * <pre>{@code
 * try (ClientMetadataHost host = ClientMetadataHost.builder("https://apps.example.com/mcp-oauth/")
 *         .listen(ListenAddress.parse("127.0.0.1:8080"))      // behind a TLS-terminating proxy
 *         .clientName("Acme MCP host")
 *         .build()
 *         .start()) {
 *     // then: mcp-oauth login docs --client-metadata-url-base https://apps.example.com/mcp-oauth/
 * }
 * }</pre>
 *
 * <p>Threat model and deployment notes: {@code docs/client-metadata-host.md}.
 *
 * <p>Related specifications: draft-ietf-oauth-client-id-metadata-document §3 (URL rules), §4 (the
 * document); RFC 8252 §7.3 (loopback redirect URIs); RFC 7591 §2 (client metadata names); MCP
 * authorization (2026-07-28), "Client ID Metadata Documents".
 */
public final class ClientMetadataHost implements AutoCloseable {
    /** How long authorization servers may cache a document: it depends only on its URL and the host's settings. */
    public static final Duration DEFAULT_CACHE_MAX_AGE = Duration.ofHours(1);
    /** Client name shown on consent pages unless configured. */
    public static final String DEFAULT_CLIENT_NAME = "mcp-oauth";
    /** Longest client name accepted: consent pages show it in one line. */
    public static final int MAX_CLIENT_NAME_CHARS = 200;
    /** Server threads: documents are tiny and computed in microseconds; a few threads serve any load. */
    private static final int THREADS = 4;
    /** Pending connections the OS queues before refusing more. */
    private static final int BACKLOG = 64;
    /** Seconds {@link #close()} lets in-flight exchanges finish: documents are written at once, so none. */
    private static final int STOP_DELAY_SECONDS = 0;

    private static final Logger LOG = LoggerFactory.getLogger(ClientMetadataHost.class);
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private final String publicBase;
    private final String basePath;
    private final ListenAddress listen;
    private final String clientName;
    private final RedirectUriPolicy policy;
    private final TlsSettings tls;
    private final Path fixedDocumentFile;
    private final Duration cacheMaxAge;
    private final RequestListener listener;
    private HttpServer server;
    private boolean closed;
    private ExecutorService executor;
    private FixedDocument fixedDocument;

    private ClientMetadataHost(Builder b) {
        this.publicBase = b.canonicalBase;
        this.basePath = b.basePath;
        this.listen = b.listen;
        this.clientName = b.clientName;
        this.policy = RedirectUriPolicy.withAllowList(b.allowedRedirects);
        this.tls = b.tls;
        this.fixedDocumentFile = b.fixedDocument;
        this.cacheMaxAge = b.cacheMaxAge;
        this.listener = b.listener;
    }

    /**
     * A builder for a host reached at {@code publicBase}: the external base URL clients are given as
     * their client metadata URL base. It may differ from the listen address (a reverse proxy, a
     * tunnel), but its path is the one served: the proxy forwards paths unchanged.
     *
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} when it is not an absolute https URL
     *     (http only on loopback) without query, fragment or userinfo
     */
    public static Builder builder(String publicBase) {
        return new Builder(publicBase);
    }

    /**
     * Binds the listen address and starts serving. Reads the TLS keystore and the fixed document
     * first, so a bad one fails here, before anything listens.
     *
     * @return this host
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} for an unusable keystore or fixed
     *     document, or an address that cannot be bound
     * @throws IllegalStateException when already started, or closed
     */
    public synchronized ClientMetadataHost start() {
        if (server != null || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        if (fixedDocumentFile != null) {
            fixedDocument = FixedDocument.load(fixedDocumentFile, publicBase);
        }
        SSLContext sslContext = null;
        if (tls != null) {
            try {
                sslContext = tls.sslContext();
            } finally {
                tls.clear();
            }
        }
        HttpServer bound = bind(sslContext);
        int serial = SERIAL.incrementAndGet();
        executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "mcp-oauth-cimd-host-" + serial);
            thread.setDaemon(true);
            return thread;
        });
        bound.setExecutor(executor);
        bound.createContext("/", new DocumentHandler(publicBase, basePath, clientName, policy, fixedDocument,
                cacheMaxAge, listener));
        bound.start();
        server = bound;
        LOG.info("Serving client metadata documents for {}/ on {} ({})", publicBase, describeAddress(),
                tls != null ? "https" : "http");
        return this;
    }

    private HttpServer bind(SSLContext sslContext) {
        InetSocketAddress address = listen.toSocketAddress();
        if (address.isUnresolved()) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                    "cannot listen on " + listen + ": the host name does not resolve",
                    "Use an IP address such as 127.0.0.1 or 0.0.0.0.", null);
        }
        try {
            if (sslContext == null) {
                return HttpServer.create(address, BACKLOG);
            }
            HttpsServer https = HttpsServer.create(address, BACKLOG);
            https.setHttpsConfigurator(new HttpsConfigurator(sslContext) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                    parameters.setProtocols(TlsSettings.PROTOCOLS);
                    params.setSSLParameters(parameters);
                }
            });
            return https;
        } catch (BindException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "cannot listen on " + listen + " (" + e.getMessage() + ")",
                    "Choose another listen address or port, or stop what is using it.", e);
        } catch (IOException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "cannot listen on " + listen + " (" + e.getMessage() + ")",
                    "Choose another listen address or port.", e);
        }
    }

    /** The port bound; useful after listening on port 0. */
    public synchronized int port() {
        requireStarted();
        return server.getAddress().getPort();
    }

    /** The address bound. */
    public synchronized InetSocketAddress address() {
        requireStarted();
        return server.getAddress();
    }

    /** Whether documents are served over TLS by this host itself. */
    public boolean tls() {
        return tls != null;
    }

    /** In fixed-document mode, the served document's {@code client_id}; empty otherwise or before {@link #start()}. */
    public synchronized Optional<String> fixedClientId() {
        return fixedDocument == null ? Optional.empty() : Optional.of(fixedDocument.clientId());
    }

    /** The canonical public base, without trailing {@code /}, as given to clients. */
    public String publicBase() {
        return publicBase;
    }

    /** The {@code client_id} (document URL) a client with this callback id and redirect URI uses with this host. */
    public String documentUrl(CallbackId callbackId, String redirectUri) {
        return ClientMetadataUrls.callbackScoped(publicBase, callbackId, redirectUri);
    }

    /** Stops serving and frees the port, for good. Safe to call more than once, or before {@link #start()}. */
    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) {
            server.stop(STOP_DELAY_SECONDS);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(STOP_DELAY_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
        if (tls != null) {
            tls.clear();
        }
    }

    @Override
    public String toString() {
        return "ClientMetadataHost[" + publicBase + "/ on " + listen + (tls != null ? " https" : " http") + "]";
    }

    private String describeAddress() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
    }

    /** Builds a {@link ClientMetadataHost}. */
    public static final class Builder {
        private final String canonicalBase;
        private final String basePath;
        private ListenAddress listen = ListenAddress.LOOPBACK_ANY_PORT;
        private String clientName = DEFAULT_CLIENT_NAME;
        private final List<String> allowedRedirects = new ArrayList<>();
        private TlsSettings tls;
        private Path fixedDocument;
        private Duration cacheMaxAge = DEFAULT_CACHE_MAX_AGE;
        private RequestListener listener = RequestListener.NONE;

        private Builder(String publicBase) {
            ClientMetadataUrls.validateBase(publicBase);
            // Derive base and path from the clients' own builder, so both sides agree on every byte.
            URI sample = URI.create(ClientMetadataUrls.callbackScoped(publicBase, new CallbackId("x"), "x"));
            String suffix = "/x/" + ClientMetadataUrls.DOCUMENT_NAME;
            String path = sample.getRawPath();
            this.basePath = path.substring(0, path.length() - suffix.length());
            this.canonicalBase = sample.getScheme() + "://" + sample.getRawAuthority() + basePath;
        }

        /** Where to listen; default {@link ListenAddress#LOOPBACK_ANY_PORT}. */
        public Builder listen(ListenAddress address) {
            this.listen = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * The {@code client_name} of callback-scoped documents, shown on consent pages; default
         * {@value ClientMetadataHost#DEFAULT_CLIENT_NAME}.
         *
         * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} when blank, longer than
         *     {@value ClientMetadataHost#MAX_CLIENT_NAME_CHARS} characters, or with control characters
         */
        public Builder clientName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || name.length() > MAX_CLIENT_NAME_CHARS || name.chars().anyMatch(Character::isISOControl)) {
                throw new McpOAuthException(ErrorCode.INVALID_INPUT, "invalid client name `" + name
                        + "`: use 1 to " + MAX_CLIENT_NAME_CHARS + " characters on one line");
            }
            this.clientName = name;
            return this;
        }

        /**
         * Also serves documents for this redirect URI (exactly, or with {@code /{callbackId}} appended
         * to its path), e.g. the {@code mcp_oauth_callback_url} of a remote development machine.
         */
        public Builder allowRedirect(String redirectUri) {
            this.allowedRedirects.add(Objects.requireNonNull(redirectUri, "redirectUri"));
            RedirectUriPolicy.withAllowList(allowedRedirects); // fail now, naming the bad entry
            return this;
        }

        /** As {@link #allowRedirect(String)}, for each. */
        public Builder allowRedirects(Collection<String> redirectUris) {
            redirectUris.forEach(this::allowRedirect);
            return this;
        }

        /**
         * Serves https with the private key and certificate in this PKCS#12 or JKS keystore. Without
         * it the host speaks plain http, for a TLS-terminating proxy in front (or loopback tests).
         * The password array is copied; clear yours after the call.
         */
        public Builder tls(Path keystore, char[] password) {
            this.tls = new TlsSettings(keystore, password);
            return this;
        }

        /**
         * Serves this static {@code client.json} at the path of its {@code client_id} instead of
         * callback-scoped documents. The file is checked at {@link #start()}.
         */
        public Builder fixedDocument(Path file) {
            this.fixedDocument = Objects.requireNonNull(file, "file");
            return this;
        }

        /** How long documents may be cached ({@code Cache-Control: max-age}); default one hour. */
        public Builder cacheMaxAge(Duration maxAge) {
            if (maxAge == null || maxAge.isNegative()) {
                throw new IllegalArgumentException("cache max-age must be zero or positive");
            }
            this.cacheMaxAge = maxAge;
            return this;
        }

        /** Hears each request answered (an access log, tests); default {@link RequestListener#NONE}. */
        public Builder requestListener(RequestListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public ClientMetadataHost build() {
            return new ClientMetadataHost(this);
        }
    }
}

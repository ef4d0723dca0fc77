package dev.mcpoauth.appserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.appserver.protocol.InitializeResponse;
import dev.mcpoauth.appserver.protocol.McpServerRefreshResponse;
import dev.mcpoauth.appserver.protocol.Methods;
import dev.mcpoauth.appserver.protocol.ServerInfo;
import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.keyring.CredentialStores;
import dev.mcpoauth.store.CredentialStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The app server: JSON-RPC 2.0 over stdio, one JSON message per line, so a UI client (an IDE
 * extension, a desktop app) can drive OAuth logins to the MCP servers in {@code config.toml}. It is
 * the reference MCP host's {@code mcpServer/oauth/login} surface, including the seed's
 * {@code clientMetadataUrlBase} (callback-scoped Client ID Metadata Document URLs).
 *
 * <p>Methods: {@code initialize}, {@code mcpServer/oauth/login} (answers {@code {authorizationUrl}} at
 * once, then sends the notification {@code mcpServer/oauthLogin/completed}), {@code mcpServer/oauth/logout},
 * {@code mcpServerStatus/list}, {@code config/mcpServer/reload}. Protocol reference:
 * {@code docs/app-server.md}; types: {@link dev.mcpoauth.appserver.protocol}. Stdout carries only
 * protocol messages; log lines go to stderr. At the end of stdin every pending login is cancelled,
 * every callback listener closed, and {@link #serve} returns 0.
 *
 * <pre>{@code
 * // What `mcp-oauth app-server` does:
 * int exit = AppServer.run(System.in, System.out, System.err, System.getenv(), null);
 *
 * // Embedded, with an injected store (tests):
 * AppServer server = AppServer.builder(Path.of("config.toml"))
 *         .credentialStore(new InMemoryCredentialStore())
 *         .log(System.err)
 *         .build();
 * server.serve(clientToServer, serverToClient);
 * }</pre>
 *
 * <p>Related specifications: JSON-RPC 2.0; MCP authorization (2026-07-28); RFC 8252 (loopback
 * redirect); draft-ietf-oauth-client-id-metadata-document.
 */
public final class AppServer {
    /** {@code serverInfo.name}. */
    public static final String NAME = "mcp-oauth-app-server";
    /** How long the end of stdin waits for requests still running (a login start, a status probe). */
    static final long SHUTDOWN_WAIT_SECONDS = 10;
    /**
     * Threads for blocking work (login starts, status probes, store calls). More requests queue: a
     * burst of logins then costs time, not a thread each. Nothing on a worker waits for another task.
     */
    static final int WORKER_THREADS = 32;
    /** Exit code when the app server cannot start (unreadable config, unavailable credential store). */
    public static final int EXIT_CANNOT_START = 1;

    private final ConfigSource config;
    private final CredentialStore store;
    private final Map<String, String> environment;
    private final HttpTransport transport;
    private final OAuthProbe probe;
    private final ServerLog log;

    private AppServer(Builder b, ConfigSource config, CredentialStore store) {
        this.config = config;
        this.store = store;
        this.environment = b.environment;
        this.transport = b.transport;
        this.probe = b.probe != null ? b.probe : OAuthProbe.discovery(b.transport);
        this.log = new ServerLog(b.log);
    }

    /**
     * Runs {@code mcp-oauth app-server}: reads {@code configFile} (default
     * {@code $MCP_OAUTH_HOME/config.toml}), opens the credential store it names, and serves until the
     * end of {@code in}.
     *
     * @param configFile the config file, or {@code null} for the default
     * @return 0 after the end of {@code in}; {@link #EXIT_CANNOT_START} when it cannot start (the reason
     *     is on {@code err})
     */
    public static int run(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path configFile) {
        AppServer server;
        try {
            server = builder(configFile != null ? configFile : McpOAuthConfig.defaultFile(env))
                    .environment(env)
                    .log(err)
                    .build();
        } catch (McpOAuthException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return EXIT_CANNOT_START;
        }
        return server.serve(in, out);
    }

    public static Builder builder(Path configFile) {
        return new Builder(configFile);
    }

    /**
     * Serves one client: reads requests from {@code in} until its end, writes answers and notifications
     * to {@code out}. Returns when every login has been cancelled and every listener closed.
     *
     * @return 0
     */
    public int serve(InputStream in, PrintStream out) {
        MessageWriter writer = new MessageWriter(out);
        AtomicInteger serial = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "mcp-oauth-app-server-" + serial.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        workers.allowCoreThreadTimeOut(true);
        LoginSessions sessions = new LoginSessions(writer, log, workers);
        Map<String, Handler> handlers = new LinkedHashMap<>();
        handlers.put(Methods.INITIALIZE, this::initialize);
        handlers.put(Methods.OAUTH_LOGIN, new LoginHandler(config, sessions, new LoginFlows(store, transport), environment));
        handlers.put(Methods.OAUTH_LOGOUT, new LogoutHandler(config, store, workers));
        handlers.put(Methods.SERVER_STATUS_LIST,
                new StatusListHandler(config, new AuthStatuses(store, probe, environment), workers));
        handlers.put(Methods.CONFIG_RELOAD, this::reload);
        Dispatcher dispatcher = new Dispatcher(writer, log, handlers);

        log.info("ready: " + config.current().servers().size() + " server(s) from " + config.file());
        LineReader reader = new LineReader(in);
        try {
            for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
                if (line.oversized()) {
                    writer.error(null, RpcError.parseError("message longer than " + LineReader.MAX_LINE_BYTES + " bytes"));
                } else if (!line.text().isBlank()) {
                    dispatcher.dispatch(line.text());
                }
            }
        } catch (IOException e) {
            log.info("cannot read stdin (" + e.getMessage() + "); stopping");
        }
        int pending = sessions.pending();
        sessions.shutdown();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        sessions.closeAll();
        log.info("end of stdin: stopped " + pending + " pending login(s); bye");
        return 0;
    }

    private void initialize(JsonNode raw, Reply reply) {
        ParamsReader.of(raw, false);
        JsonNode clientInfo = raw == null || !raw.isObject() ? null : raw.get("clientInfo");
        if (clientInfo != null && !clientInfo.isNull()) {
            if (!clientInfo.isObject()) {
                throw RpcError.invalidParams("clientInfo", "must be an object");
            }
            ParamsReader info = ParamsReader.of(clientInfo, true);
            String name = info.optionalString("name");
            String version = info.optionalString("version");
            log.info("client: " + (name == null ? "unnamed" : name) + (version == null ? "" : " " + version));
        }
        reply.result(new InitializeResponse(new ServerInfo(NAME, Version.value()), Methods.PROTOCOL_VERSION,
                Methods.requestNames(), Methods.notificationNames()));
    }

    private void reload(JsonNode raw, Reply reply) {
        ParamsReader.of(raw, false);
        try {
            McpOAuthConfig fresh = config.reload();
            log.info("reloaded " + fresh.servers().size() + " server(s) from " + config.file());
        } catch (McpOAuthException e) {
            throw RpcError.internal("failed to reload " + config.file() + ": " + e.getMessage(), null);
        }
        reply.result(new McpServerRefreshResponse());
    }

    /** Builds an {@link AppServer}. */
    public static final class Builder {
        private final Path configFile;
        private Map<String, String> environment = Map.of();
        private CredentialStore store;
        private HttpTransport transport = HttpTransport.defaults();
        private OAuthProbe probe;
        private PrintStream log = System.err;

        private Builder(Path configFile) {
            this.configFile = Objects.requireNonNull(configFile, "configFile");
        }

        /** Environment for {@code env_http_headers}, {@code client_secret_env} and {@code MCP_OAUTH_HOME}. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** The credential store; default: the one {@code mcp_oauth_credentials_store} names. */
        public Builder credentialStore(CredentialStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * HTTP for discovery, registration and token requests; default {@link HttpTransport#defaults()}.
         * {@code mcp_oauth_allow_private_addresses} from the config each request uses is applied on top
         * (a transport that already allows private addresses keeps allowing them).
         */
        public Builder httpTransport(HttpTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** Where log lines go; default stderr. Never stdout: that carries the protocol. */
        public Builder log(PrintStream log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        Builder probe(OAuthProbe probe) {
            this.probe = probe;
            return this;
        }

        /**
         * Reads the config file and opens the credential store.
         *
         * @throws McpOAuthException {@code invalid_input} for a broken config file, {@code store_failed}
         *     when the configured store cannot be opened
         */
        public AppServer build() {
            ConfigSource config = ConfigSource.load(configFile);
            CredentialStore credentials = store != null ? store
                    : CredentialStores.open(config.current().credentialsStore(), McpOAuthConfig.home(environment),
                            warning -> new ServerLog(log).info(warning));
            return new AppServer(this, config, credentials);
        }
    }
}

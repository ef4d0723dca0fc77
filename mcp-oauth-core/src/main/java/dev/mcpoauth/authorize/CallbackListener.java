package dev.mcpoauth.authorize;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loopback HTTP listener that receives the authorization response (RFC 8252 §7.3).
 *
 * <p>It answers only {@code GET} on the exact callback path; anything else gets a 404 and is
 * otherwise ignored, so stray or hostile requests cannot end a login. Each request on the path is
 * handed to the {@link Handler}, which decides the page to show. Closing the listener frees the port.
 *
 * <pre>{@code
 * try (CallbackListener listener = CallbackListener.start(endpoint, params -> LandingPage.success("docs"))) {
 *     URI redirectUri = listener.redirectUri();
 *     ...
 * }
 * }</pre>
 */
public final class CallbackListener implements AutoCloseable {
    /**
     * Most threads serving the callback at once. The JDK server reads a request on the thread that
     * serves it, with no time limit, so a connection that sends half a request line holds a thread;
     * with a small fixed pool a handful of such connections starved the real callback. Threads are
     * made on demand up to this bound (idle ones end after {@link #IDLE_THREAD_SECONDS}); beyond it a
     * new connection is closed at once rather than queued behind stalled ones.
     */
    static final int MAX_THREADS = 256;
    private static final long IDLE_THREAD_SECONDS = 5;
    private static final AtomicInteger SERIAL = new AtomicInteger();
    /**
     * How long {@link #close()} lets a page that is being written finish. The login result completes
     * while its landing page is still being sent; closing at once would cut the page off and the
     * browser would show a connection error after a successful login.
     */
    static final long CLOSE_GRACE_MILLIS = 2000;

    /** Decides what to do with a request on the callback path. Called on a listener thread. */
    @FunctionalInterface
    public interface Handler {
        LandingPage handle(CallbackParameters params);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI redirectUri;
    private final String path;
    private final Handler handler;
    /** Exchanges between request and last byte of the page. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Set on a thread while it serves an exchange: closing from there must not wait for itself. */
    private static final ThreadLocal<Boolean> SERVING = ThreadLocal.withInitial(() -> false);

    private CallbackListener(HttpServer server, ExecutorService executor, CallbackEndpoint endpoint, Handler handler) {
        this.server = server;
        this.executor = executor;
        this.redirectUri = endpoint.redirectUri(server.getAddress().getPort());
        this.path = endpoint.path();
        this.handler = handler;
    }

    /**
     * Binds the listener and starts serving.
     *
     * @throws McpOAuthException {@link ErrorCode#CALLBACK_BIND_FAILED} when the port is taken or not allowed
     */
    public static CallbackListener start(CallbackEndpoint endpoint, Handler handler) {
        Objects.requireNonNull(handler, "handler");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(endpoint.bindHost(), endpoint.bindPort()), 16);
        } catch (BindException e) {
            throw new McpOAuthException(ErrorCode.CALLBACK_BIND_FAILED,
                    "cannot listen for the login callback on " + endpoint.bindHost() + ":" + endpoint.bindPort()
                            + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new McpOAuthException(ErrorCode.CALLBACK_BIND_FAILED,
                    "cannot start the login callback listener: " + e.getMessage(), e);
        }
        int serial = SERIAL.incrementAndGet();
        ExecutorService executor = new ThreadPoolExecutor(0, MAX_THREADS, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "mcp-oauth-callback-" + serial);
                    thread.setDaemon(true);
                    return thread;
                });
        CallbackListener listener = new CallbackListener(server, executor, endpoint, handler);
        server.createContext("/", listener::serve);
        server.setExecutor(executor);
        server.start();
        return listener;
    }

    /** The redirect URI to register and send, with the port actually bound. */
    public URI redirectUri() {
        return redirectUri;
    }

    /** The local port bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        SERVING.set(true);
        try (exchange) {
            URI uri = exchange.getRequestURI();
            if (!"GET".equals(exchange.getRequestMethod()) || !path.equals(uri.getRawPath())) {
                respond(exchange, LandingPage.failure(404, "Not found",
                        "This address only receives the login callback of mcp-oauth.", ""));
                return;
            }
            LandingPage page;
            try {
                page = handler.handle(CallbackParameters.parseQuery(uri.getRawQuery()));
            } catch (RuntimeException e) {
                page = LandingPage.failure(500, "Login failed", "mcp-oauth could not process the callback.",
                        "Return to your application for details.");
            }
            respond(exchange, page);
        } finally {
            SERVING.set(false);
            inFlight.decrementAndGet();
        }
    }

    private static void respond(HttpExchange exchange, LandingPage page) throws IOException {
        byte[] body = page.html();
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(page.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Stops listening and frees the port, after letting a page being sent finish (at most
     * {@link #CLOSE_GRACE_MILLIS}). Idempotent.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_GRACE_MILLIS);
        while (!SERVING.get() && inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

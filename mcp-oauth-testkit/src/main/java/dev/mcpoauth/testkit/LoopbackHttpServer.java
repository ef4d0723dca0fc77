package dev.mcpoauth.testkit;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A JDK {@link HttpServer} bound to 127.0.0.1 on an ephemeral port, running one {@link Router} on daemon threads. */
final class LoopbackHttpServer implements AutoCloseable {

    /**
     * Connections waiting to be accepted: room for a client that opens a thousand at once (the refresh-contention
     * benchmark); the system default (about 50) would make later connections wait for SYN retransmission.
     */
    static final int ACCEPT_BACKLOG = 1024;

    private final HttpServer server;
    private final ExecutorService executor;

    private LoopbackHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds the port now (so URLs are known) but does not accept requests until {@link #start()}. */
    static LoopbackHttpServer bind(String name, Router router) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), ACCEPT_BACKLOG);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "testkit-" + name + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", router);
        return new LoopbackHttpServer(server, executor);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}, no trailing slash. */
    String origin() {
        return "http://127.0.0.1:" + port();
    }

    void start() {
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

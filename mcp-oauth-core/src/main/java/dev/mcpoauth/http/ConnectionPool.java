package dev.mcpoauth.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * Idle HTTP/1.1 connections kept for the next request to the same place, so a login's requests to
 * one server (the probe and its metadata; the authorization server's metadata, registration and
 * token) share one TCP connection, and one TLS handshake, as browsers and Node's {@code fetch} do.
 *
 * <p>A connection is keyed by what was checked when it was opened: scheme, host name (the TLS
 * server name and {@code Host}), port and the resolved address the address policy allowed. A
 * request is only ever sent on a connection to an address that was checked for it. Idle
 * connections are closed after {@link #IDLE_NANOS} (servers commonly close theirs after 5 s or
 * more), at most {@link #MAX_IDLE_PER_KEY} are kept per key, and a connection that turns out to
 * have been closed by the server is retried once on a new one by {@link PinnedExchange}.
 */
final class ConnectionPool {
    /** How long an idle connection is kept: shorter than the keep-alive timeout of common servers. */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(4);
    static final int MAX_IDLE_PER_KEY = 4;

    /** Where a connection goes. {@code host} is the URL's host as written, lower case. */
    record Key(boolean https, String host, int port, InetAddress address) {
        // Written out rather than derived: the derived ones cost an invokedynamic bootstrap on first use.
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && https == key.https && port == key.port
                    && Objects.equals(host, key.host) && Objects.equals(address, key.address);
        }

        @Override
        public int hashCode() {
            return ((Boolean.hashCode(https) * 31 + Objects.hashCode(host)) * 31 + port) * 31 + Objects.hashCode(address);
        }
    }

    /** An idle connection and the stream its responses are read from. */
    record Idle(Socket socket, InputStream in, long idleSince) {
    }

    private final Map<Key, Deque<Idle>> idle = new ConcurrentHashMap<>();

    /** A live idle connection for {@code key}, or null; connections past their idle time are closed. */
    Idle take(Key key) {
        Deque<Idle> connections = idle.get(key);
        if (connections == null) {
            return null;
        }
        long now = System.nanoTime();
        for (Idle candidate = connections.pollFirst(); candidate != null; candidate = connections.pollFirst()) {
            if (now - candidate.idleSince() < IDLE_NANOS && usable(candidate.socket())) {
                return candidate;
            }
            close(candidate.socket());
        }
        return null;
    }

    /** Keeps a connection whose last response was read completely; closes it when there is no room. */
    void put(Key key, Socket socket, InputStream in) {
        sweep();
        Deque<Idle> connections = idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        if (connections.size() >= MAX_IDLE_PER_KEY) {
            close(socket);
            return;
        }
        connections.offerFirst(new Idle(socket, in, System.nanoTime()));
    }

    /** The number of idle connections kept (for tests). */
    int idleCount() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    /** Closes every idle connection past its idle time. */
    private void sweep() {
        long now = System.nanoTime();
        idle.values().forEach(connections -> connections.removeIf(c -> {
            if (now - c.idleSince() >= IDLE_NANOS || !usable(c.socket())) {
                close(c.socket());
                return true;
            }
            return false;
        }));
    }

    private static boolean usable(Socket socket) {
        return !socket.isClosed() && socket.isConnected() && !socket.isInputShutdown() && !socket.isOutputShutdown();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // an idle connection we no longer want
        }
    }
}

package dev.mcpoauth.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A made-up network for tests of the address policy: host names resolve to the addresses a test
 * chooses (public-looking, private, metadata, changing between lookups), and connections to
 * "routed" addresses are delivered to the local server listening on 127.0.0.1 at the same port.
 *
 * <p>Nothing ever leaves the machine: names the test did not define do not resolve (no real DNS),
 * and a connection to any non-loopback address that is not routed is refused here and recorded in
 * {@link #unroutedAttempts()}, which a test asserts empty: had the policy let such a connection
 * through, the test sees it instead of the network.
 *
 * <pre>{@code
 * VirtualNetwork net = new VirtualNetwork()
 *         .host("mcp.example.test", "203.0.113.10").route("203.0.113.10")
 *         .host("internal.example.test", "10.0.0.5");
 * HttpTransport http = net.transport().build().forServer(URI.create("http://mcp.example.test:" + port + "/mcp"));
 * }</pre>
 */
public final class VirtualNetwork {
    private final Map<String, List<List<InetAddress>>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lookupCounts = new ConcurrentHashMap<>();
    private final List<InetAddress> routed = new CopyOnWriteArrayList<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private final List<String> connections = new CopyOnWriteArrayList<>();
    private final List<String> unrouted = new CopyOnWriteArrayList<>();

    /** Every lookup of {@code name} answers these IP literals. */
    public VirtualNetwork host(String name, String... addresses) {
        answers.put(name, List.of(List.of(parseAll(addresses))));
        return this;
    }

    /** The first lookup of {@code name} answers {@code first}; every later one {@code then} (DNS rebinding). */
    public VirtualNetwork rebinding(String name, String first, String then) {
        answers.put(name, List.of(List.of(parseAll(first)), List.of(parseAll(then))));
        return this;
    }

    /** Connections to this (virtual) address reach 127.0.0.1 at the same port. */
    public VirtualNetwork route(String address) {
        routed.add(literal(address));
        return this;
    }

    /** A transport builder that resolves and connects through this network. */
    public HttpTransport.Builder transport() {
        return HttpTransport.builder().resolver(this::resolve).connector(this::connect);
    }

    /** Names looked up, in order. */
    public List<String> lookups() {
        return List.copyOf(lookups);
    }

    /** {@code address:port} of every connection made, in order (virtual addresses as the client saw them). */
    public List<String> connections() {
        return List.copyOf(connections);
    }

    /** Connections to non-loopback addresses that are not routed: each one a policy failure. */
    public List<String> unroutedAttempts() {
        return List.copyOf(unrouted);
    }

    private List<InetAddress> resolve(String host) throws UnknownHostException {
        lookups.add(host);
        if (isLiteral(host)) {
            return List.of(literal(host));
        }
        List<List<InetAddress>> sequence = answers.get(host);
        if (sequence == null) {
            throw new UnknownHostException(host + " (not defined in this test's virtual network)");
        }
        int n = lookupCounts.computeIfAbsent(host, h -> new AtomicInteger()).getAndIncrement();
        return sequence.get(Math.min(n, sequence.size() - 1));
    }

    private Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException {
        String where = address.getAddress().getHostAddress() + ":" + address.getPort();
        connections.add(where);
        InetAddress target = address.getAddress();
        if (routed.contains(target)) {
            target = InetAddress.getLoopbackAddress();
        } else if (!target.isLoopbackAddress()) {
            unrouted.add(where);
            throw new ConnectException("virtual network: no route to " + where);
        }
        return Connector.DIRECT.connect(new InetSocketAddress(target, address.getPort()), timeoutMillis);
    }

    private static InetAddress[] parseAll(String... addresses) {
        return Arrays.stream(addresses).map(VirtualNetwork::literal).toArray(InetAddress[]::new);
    }

    private static boolean isLiteral(String host) {
        return host.matches("[0-9.]+") || host.matches("[0-9a-fA-F:.]+") && host.contains(":");
    }

    /** Parses an IP literal without any lookup. */
    static InetAddress literal(String address) {
        if (!isLiteral(address)) {
            throw new IllegalArgumentException("not an IP literal: " + address);
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    @Override
    public String toString() {
        return "VirtualNetwork" + new ArrayList<>(answers.keySet());
    }
}

package dev.mcpoauth.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A made-up network for the app server's address-policy tests (the core's {@code VirtualNetwork}
 * lives in the core's test sources): names resolve to the addresses the test picks, connections to
 * those made-up addresses reach 127.0.0.1 at the same port, and any other non-loopback connection is
 * refused here and recorded, so nothing leaves the machine. It sits in {@code dev.mcpoauth.http} to
 * use the transport's package-private connection seam.
 *
 * <pre>{@code
 * RoutedNetwork net = new RoutedNetwork().host("mcp.example.test", "203.0.113.10");
 * HttpTransport http = net.transport().build();
 * }</pre>
 */
public final class RoutedNetwork {
    private final Map<String, InetAddress> names = new ConcurrentHashMap<>();
    private final List<String> unrouted = new CopyOnWriteArrayList<>();

    /** {@code name} resolves to the IP literal {@code address}, and connections to it reach 127.0.0.1. */
    public RoutedNetwork host(String name, String address) {
        try {
            names.put(name, InetAddress.getByAddress(name, InetAddress.getByName(address).getAddress()));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
        return this;
    }

    /** A transport builder resolving and connecting through this network. */
    public HttpTransport.Builder transport() {
        return HttpTransport.builder().resolver(this::resolve).connector(this::connect);
    }

    /** Non-loopback connections to addresses this network does not route: each one a policy failure. */
    public List<String> unroutedAttempts() {
        return List.copyOf(unrouted);
    }

    private List<InetAddress> resolve(String host) throws UnknownHostException {
        InetAddress address = names.get(host);
        if (address != null) {
            return List.of(address);
        }
        if (host.matches("[0-9.]+")) {
            return List.of(InetAddress.getByName(host));
        }
        throw new UnknownHostException(host + " (not defined in this test's network)");
    }

    private Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException {
        InetAddress target = address.getAddress();
        if (names.containsValue(target)) {
            target = InetAddress.getLoopbackAddress();
        } else if (!target.isLoopbackAddress()) {
            unrouted.add(target.getHostAddress() + ":" + address.getPort());
            throw new ConnectException("no route to " + target.getHostAddress());
        }
        return Connector.DIRECT.connect(new InetSocketAddress(target, address.getPort()), timeoutMillis);
    }
}

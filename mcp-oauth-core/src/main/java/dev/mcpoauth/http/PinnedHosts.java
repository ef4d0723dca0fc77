package dev.mcpoauth.http;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The addresses each host resolved to during the calls made for one MCP server: every host is
 * resolved once, and every later connection to it reuses exactly those addresses. So a name that
 * answered with a public address when the policy checked it cannot answer with an internal one
 * for the next request (DNS rebinding), and the server's own addresses, which anchor the
 * {@link AddressPolicy}, stay the ones first seen. Not public API.
 */
final class PinnedHosts {
    private final URI server;
    private final Map<String, List<InetAddress>> hosts = new ConcurrentHashMap<>();

    PinnedHosts(URI server) {
        this.server = server;
    }

    /** The MCP server these calls are made for. */
    URI server() {
        return server;
    }

    /** The pinned addresses of {@code host}, resolving it with {@code lookup} the first time. */
    List<InetAddress> addresses(String host, Function<String, List<InetAddress>> lookup) {
        return hosts.computeIfAbsent(host.toLowerCase(Locale.ROOT), key -> List.copyOf(lookup.apply(host)));
    }
}

package dev.mcpoauth.cimdhost;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where the host listens: an interface address or name and a port ({@code 0} for a free one).
 * Independent of the public base URL, which is what clients and authorization servers use: behind a
 * reverse proxy the host may listen on {@code 127.0.0.1:8080} and be reached as
 * {@code https://apps.example.com/mcp-oauth/}.
 *
 * <pre>{@code
 * ListenAddress.parse("127.0.0.1:8443");
 * ListenAddress.parse("[::1]:8443");
 * ListenAddress.parse("0.0.0.0:8080"); // every interface, e.g. behind a proxy on another machine
 * }</pre>
 *
 * @param host an IP literal (IPv6 without brackets) or a host name
 * @param port 0 to 65535
 */
public record ListenAddress(String host, int port) {
    /** The default: loopback only, a free port. */
    public static final ListenAddress LOOPBACK_ANY_PORT = new ListenAddress("127.0.0.1", 0);

    public ListenAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
    }

    /**
     * Parses {@code HOST:PORT}, with an IPv6 literal in brackets ({@code [::1]:8443}).
     *
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} naming what is wrong
     */
    public static ListenAddress parse(String value) {
        String text = value == null ? "" : value.trim();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw invalid(value, "expected HOST:PORT, e.g. 127.0.0.1:8443");
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 3) {
                throw invalid(value, "an IPv6 address needs closing brackets, e.g. [::1]:8443");
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw invalid(value, "put an IPv6 address in brackets, e.g. [::1]:8443");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw invalid(value, "the port `" + portText + "` is not a number");
        }
        if (port < 0 || port > 65535) {
            throw invalid(value, "the port must be between 0 and 65535");
        }
        return new ListenAddress(host, port);
    }

    /** The socket address to bind (resolves a host name). */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static McpOAuthException invalid(String value, String why) {
        return new McpOAuthException(ErrorCode.INVALID_INPUT, "invalid listen address `" + value + "`: " + why);
    }
}

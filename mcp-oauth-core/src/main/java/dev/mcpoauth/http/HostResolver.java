package dev.mcpoauth.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into IP addresses for {@link HttpTransport}, which checks every address against
 * its {@link AddressPolicy} and then connects to one of exactly those addresses (never resolving the
 * name again), so DNS rebinding cannot slip a different address in between.
 *
 * <p>A plug-in point for tests and for hosts with their own name resolution:
 * <pre>{@code
 * HttpTransport http = HttpTransport.builder()
 *         .resolver(host -> host.equals("mcp.test") ? List.of(InetAddress.getLoopbackAddress())
 *                                                   : HostResolver.SYSTEM.resolve(host))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface HostResolver {
    /** The JVM's resolver ({@link InetAddress#getAllByName}); IP literals are parsed without a lookup. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * Every address of {@code host}, in the order to try them.
     *
     * @param host a DNS name or an IP literal (IPv6 without brackets)
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}

package dev.mcpoauth.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * What kind of network an IP address belongs to, as far as the {@link AddressPolicy} cares.
 *
 * <p>IPv6 addresses that carry an IPv4 address (IPv4-mapped {@code ::ffff:0:0/96}, IPv4-compatible
 * {@code ::/96}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are classified by the IPv4
 * address they carry, since that is where a packet to them can end up.
 *
 * <pre>{@code
 * AddressClass.of(InetAddress.getByName("10.1.2.3"));        // PRIVATE
 * AddressClass.of(InetAddress.getByName("169.254.169.254")); // CLOUD_METADATA
 * AddressClass.of(InetAddress.getByName("::ffff:127.0.0.1")); // LOOPBACK
 * }</pre>
 *
 * <p>Related specifications: RFC 1918, RFC 6598 (shared address space), RFC 3927 and RFC 4291
 * §2.5.6 (link-local), RFC 4193 (unique local IPv6), RFC 6890 (special-purpose registries), RFC 6052
 * (NAT64), RFC 3056 (6to4).
 */
public enum AddressClass {
    /** A globally routable address. */
    PUBLIC("a public address"),
    /** 127.0.0.0/8 and ::1: this machine. */
    LOOPBACK("a loopback address"),
    /** RFC 1918 (10/8, 172.16/12, 192.168/16), RFC 6598 100.64/10, 198.18/15, fc00::/7 and fec0::/10. */
    PRIVATE("a private-network address"),
    /** 169.254/16 and fe80::/10 (other than the cloud metadata addresses). */
    LINK_LOCAL("a link-local address"),
    /**
     * Cloud instance metadata services, which hand out machine credentials: 169.254.169.254 (AWS, GCP,
     * Azure, OpenStack and others), fd00:ec2::254 (AWS IPv6), 100.100.100.200 (Alibaba Cloud) and
     * 168.63.129.16 (Azure platform).
     */
    CLOUD_METADATA("a cloud metadata address"),
    /** 0.0.0.0/8 and :: — on many systems a connection to them reaches this machine. */
    UNSPECIFIED("an unspecified address"),
    /** Multicast, broadcast and the reserved 240/4: never an HTTP server. */
    RESERVED("a multicast, broadcast or reserved address");

    private final String description;

    AddressClass(String description) {
        this.description = description;
    }

    /** "a private-network address" and so on, for messages. */
    public String description() {
        return description;
    }

    /** Classifies an address by its bytes (no DNS lookup). */
    public static AddressClass of(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address || b.length == 4) {
            return ofIpv4(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, b[3] & 0xff);
        }
        if (address instanceof Inet6Address || b.length == 16) {
            return ofIpv6(b);
        }
        return RESERVED;
    }

    private static AddressClass ofIpv4(int a, int b, int c, int d) {
        if ((a == 169 && b == 254 && c == 169 && d == 254) || (a == 100 && b == 100 && c == 100 && d == 200)
                || (a == 168 && b == 63 && c == 129 && d == 16)) {
            return CLOUD_METADATA;
        }
        if (a == 0) {
            return UNSPECIFIED;
        }
        if (a == 127) {
            return LOOPBACK;
        }
        if (a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)
                || (a == 100 && b >= 64 && b <= 127) || (a == 198 && (b == 18 || b == 19))) {
            return PRIVATE;
        }
        if (a == 169 && b == 254) {
            return LINK_LOCAL;
        }
        if (a >= 224) {
            return RESERVED;
        }
        return PUBLIC;
    }

    private static AddressClass ofIpv6(byte[] b) {
        if (isFdEc2Metadata(b)) {
            return CLOUD_METADATA;
        }
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        boolean mapped = firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0;
        if (compatible) {
            boolean upperZero = b[12] == 0 && b[13] == 0 && b[14] == 0;
            if (upperZero && b[15] == 0) {
                return UNSPECIFIED;
            }
            if (upperZero && b[15] == 1) {
                return LOOPBACK;
            }
        }
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0 && b[10] == 0 && b[11] == 0;
        if (mapped || compatible || nat64) {
            return ofIpv4(b[12] & 0xff, b[13] & 0xff, b[14] & 0xff, b[15] & 0xff);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            // 6to4: the IPv4 address is in bits 16..47
            return ofIpv4(b[2] & 0xff, b[3] & 0xff, b[4] & 0xff, b[5] & 0xff);
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0xff) {
            return RESERVED;
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return LINK_LOCAL;
        }
        if ((first & 0xfe) == 0xfc || (first == 0xfe && (second & 0xc0) == 0xc0)) {
            return PRIVATE;
        }
        return PUBLIC;
    }

    /** fd00:ec2::254 */
    private static boolean isFdEc2Metadata(byte[] b) {
        byte[] metadata = {(byte) 0xfd, 0x00, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
        return java.util.Arrays.equals(b, metadata);
    }
}

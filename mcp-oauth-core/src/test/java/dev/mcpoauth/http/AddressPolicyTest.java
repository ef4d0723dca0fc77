package dev.mcpoauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressPolicyTest {
    private static InetAddress ip(String literal) {
        return VirtualNetwork.literal(literal);
    }

    private static AddressPolicy anchoredAt(String... serverAddresses) {
        return AddressPolicy.DEFAULT.anchoredAt(URI.create("https://mcp.example.test/mcp"),
                java.util.Arrays.stream(serverAddresses).map(AddressPolicyTest::ip).toList());
    }

    @Nested
    class Classification {
        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource({
                "8.8.8.8, PUBLIC", "203.0.113.10, PUBLIC", "2606:4700::1111, PUBLIC",
                "127.0.0.1, LOOPBACK", "127.255.0.9, LOOPBACK", "::1, LOOPBACK", "::ffff:127.0.0.1, LOOPBACK",
                "10.0.0.5, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE", "192.168.1.1, PRIVATE",
                "100.64.0.1, PRIVATE", "198.18.0.1, PRIVATE", "fc00::1, PRIVATE", "fd12:3456::1, PRIVATE",
                "fec0::1, PRIVATE", "::ffff:10.1.2.3, PRIVATE", "64:ff9b::a00:1, PRIVATE", "2002:a00:1::1, PRIVATE",
                "169.254.10.10, LINK_LOCAL", "fe80::1, LINK_LOCAL", "febf::1, LINK_LOCAL",
                "169.254.169.254, CLOUD_METADATA", "fd00:ec2::254, CLOUD_METADATA", "100.100.100.200, CLOUD_METADATA",
                "168.63.129.16, CLOUD_METADATA", "::ffff:169.254.169.254, CLOUD_METADATA",
                "64:ff9b::a9fe:a9fe, CLOUD_METADATA",
                "0.0.0.0, UNSPECIFIED", "0.1.2.3, UNSPECIFIED", "::, UNSPECIFIED",
                "224.0.0.1, RESERVED", "255.255.255.255, RESERVED", "240.0.0.1, RESERVED", "ff02::1, RESERVED",
                "172.15.0.1, PUBLIC", "172.32.0.1, PUBLIC", "100.63.0.1, PUBLIC", "169.253.0.1, PUBLIC"
        })
        void classifiesEachAddressByItsBytes(String address, AddressClass expected) {
            assertThat(AddressClass.of(ip(address))).isEqualTo(expected);
        }
    }

    @Nested
    class ForAPublicMcpServer {
        private final AddressPolicy policy = anchoredAt("203.0.113.10");

        @Test
        void allowsPublicAddresses() {
            assertThat(policy.allows(ip("198.51.100.7"))).isTrue();
        }

        @ParameterizedTest
        @CsvSource({"127.0.0.1", "10.0.0.5", "192.168.0.10", "169.254.10.10", "fe80::1", "fd12::1",
                "169.254.169.254", "fd00:ec2::254", "0.0.0.0"})
        void refusesEveryNonPublicAddress(String address) {
            assertThat(policy.allows(ip(address))).isFalse();
        }

        @Test
        void saysWhichAddressWhichClassAndWhichRule() {
            assertThatThrownBy(() -> policy.check(URI.create("http://auth.internal.test/.well-known/x"), ip("10.0.0.5")))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_REFUSED);
                        assertThat(e.detail()).isEqualTo("`http://auth.internal.test:80` resolves to 10.0.0.5, a private-network"
                                + " address; the MCP server `https://mcp.example.test/mcp` is on a public address, so its"
                                + " discovery and token requests may not go to a private-network address (server-side"
                                + " request forgery protection)");
                        assertThat(e.hint()).contains("mcp_oauth_allow_private_addresses = true");
                    });
        }

        @Test
        void allowsPrivateAddressesWhenTheUserSaysSo() {
            AddressPolicy allowing = policy.allowPrivateAddresses(true);
            assertThat(allowing.allows(ip("10.0.0.5"))).isTrue();
            assertThat(allowing.allows(ip("127.0.0.1"))).isTrue();
            assertThat(allowing.allows(ip("169.254.10.10"))).isTrue();
        }

        @Test
        void neverAllowsCloudMetadataEvenWhenTheUserAllowsPrivateAddresses() {
            AddressPolicy allowing = policy.allowPrivateAddresses(true);
            assertThatThrownBy(() -> allowing.check(URI.create("http://169.254.169.254/latest"), ip("169.254.169.254")))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_REFUSED);
                        assertThat(e.detail()).isEqualTo("`http://169.254.169.254:80` resolves to 169.254.169.254, a cloud"
                                + " metadata address, which mcp-oauth never contacts");
                    });
            assertThat(allowing.allows(ip("fd00:ec2::254"))).isFalse();
            assertThat(allowing.allows(ip("0.0.0.0"))).isFalse();
        }
    }

    @Nested
    class ForAServerThatIsNotPublic {
        @Test
        void aLoopbackServerMayUseLoopbackPrivateAndLinkLocalAddresses() {
            AddressPolicy policy = anchoredAt("127.0.0.1", "::1");
            assertThat(policy.allows(ip("127.0.0.1"))).isTrue();
            assertThat(policy.allows(ip("10.0.0.5"))).isTrue();
            assertThat(policy.allows(ip("169.254.10.10"))).isTrue();
            assertThat(policy.allows(ip("169.254.169.254"))).isFalse();
        }

        @Test
        void aPrivateServerMayUseItsOwnClassOnly() {
            AddressPolicy policy = anchoredAt("10.1.2.3");
            assertThat(policy.allows(ip("192.168.5.5"))).isTrue();
            assertThat(policy.allows(ip("127.0.0.1"))).isFalse();
            assertThat(policy.allows(ip("169.254.10.10"))).isFalse();
        }

        @Test
        void aServerWithAnyPublicAddressCountsAsPublic() {
            AddressPolicy policy = anchoredAt("203.0.113.10", "10.1.2.3");
            assertThat(policy.allows(ip("10.1.2.3"))).isFalse();
        }
    }

    @Nested
    class NotAnchored {
        @Test
        void appliesOnlyTheRuleThatNeverChanges() {
            AddressPolicy policy = AddressPolicy.DEFAULT;
            assertThat(policy.allows(ip("127.0.0.1"))).isTrue();
            assertThat(policy.allows(ip("10.0.0.5"))).isTrue();
            assertThat(policy.allows(ip("169.254.169.254"))).isFalse();
            assertThat(policy.allows(ip("::"))).isFalse();
        }
    }

    @Test
    void anchoringNeedsAnAddress() {
        assertThatThrownBy(() -> AddressPolicy.DEFAULT.anchoredAt(URI.create("https://x.test"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

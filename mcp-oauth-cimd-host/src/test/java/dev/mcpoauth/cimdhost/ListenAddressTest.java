package dev.mcpoauth.cimdhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ListenAddressTest {
    @Nested
    class Parses {
        @Test
        void anIpv4AddressAndPort() {
            assertThat(ListenAddress.parse("127.0.0.1:8443")).isEqualTo(new ListenAddress("127.0.0.1", 8443));
        }

        @Test
        void anIpv6AddressInBrackets() {
            ListenAddress address = ListenAddress.parse("[::1]:8443");

            assertThat(address).isEqualTo(new ListenAddress("::1", 8443));
            assertThat(address.toString()).isEqualTo("[::1]:8443");
        }

        @Test
        void aHostNameAndPortZeroForAFreePort() {
            assertThat(ListenAddress.parse(" localhost:0 ")).isEqualTo(new ListenAddress("localhost", 0));
        }
    }

    @Nested
    class Refuses {
        void assertInvalid(String value, String why) {
            assertThatThrownBy(() -> ListenAddress.parse(value)).isInstanceOfSatisfying(McpOAuthException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                assertThat(e.detail()).isEqualTo("invalid listen address `" + value + "`: " + why);
            });
        }

        @Test
        void aMissingPortOrHost() {
            assertInvalid("127.0.0.1", "expected HOST:PORT, e.g. 127.0.0.1:8443");
            assertInvalid(":8443", "expected HOST:PORT, e.g. 127.0.0.1:8443");
            assertInvalid("127.0.0.1:", "expected HOST:PORT, e.g. 127.0.0.1:8443");
        }

        @Test
        void aPortOutOfRangeOrNotANumber() {
            assertInvalid("127.0.0.1:65536", "the port must be between 0 and 65535");
            assertInvalid("127.0.0.1:https", "the port `https` is not a number");
        }

        @Test
        void anIpv6AddressWithoutBrackets() {
            assertInvalid("::1:8443", "put an IPv6 address in brackets, e.g. [::1]:8443");
            assertInvalid("[::1:8443", "an IPv6 address needs closing brackets, e.g. [::1]:8443");
        }
    }
}

package dev.mcpoauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.net.URI;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CallbackEndpointTest {
    private static final CallbackId ID = new CallbackId("8t06V3nLEwB8");

    @Nested
    class ByDefault {
        @Test
        void usesLoopbackLiteralAndAnEphemeralPort() {
            CallbackEndpoint endpoint = CallbackEndpoint.resolve(ID, null, null);
            assertThat(endpoint.bindHost()).isEqualTo("127.0.0.1");
            assertThat(endpoint.bindPort()).isZero();
            assertThat(endpoint.path()).isEqualTo("/callback/8t06V3nLEwB8");
            assertThat(endpoint.redirectUri(51234)).isEqualTo(URI.create("http://127.0.0.1:51234/callback/8t06V3nLEwB8"));
        }

        @Test
        void usesTheConfiguredPort() {
            CallbackEndpoint endpoint = CallbackEndpoint.resolve(ID, 8765, null);
            assertThat(endpoint.bindPort()).isEqualTo(8765);
            assertThat(endpoint.redirectUri(8765)).isEqualTo(URI.create("http://127.0.0.1:8765/callback/8t06V3nLEwB8"));
        }

        @Test
        void refusesPortZero() {
            assertThatThrownBy(() -> CallbackEndpoint.resolve(ID, 0, null))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("invalid callback port 0");
        }
    }

    @Nested
    class WithAConfiguredCallbackUrl {
        @Test
        void appendsTheIdToThePathWithoutADoubleSlashAndKeepsTheQuery() {
            CallbackEndpoint endpoint = CallbackEndpoint.resolve(ID, null, "http://localhost:9000/oauth/cb/?x=1");
            assertThat(endpoint.redirectUri(9000)).isEqualTo(URI.create("http://localhost:9000/oauth/cb/8t06V3nLEwB8?x=1"));
            assertThat(endpoint.path()).isEqualTo("/oauth/cb/8t06V3nLEwB8");
            assertThat(endpoint.bindHost()).isEqualTo("127.0.0.1");
            assertThat(endpoint.bindPort()).isEqualTo(9000);
        }

        @Test
        void bindsAllInterfacesWhenTheHostIsNotLoopback() {
            CallbackEndpoint endpoint = CallbackEndpoint.resolve(ID, 7000, "http://devbox.internal/cb");
            assertThat(endpoint.bindHost()).isEqualTo("0.0.0.0");
            assertThat(endpoint.bindPort()).isEqualTo(7000);
            assertThat(endpoint.redirectUri(7000)).isEqualTo(URI.create("http://devbox.internal:7000/cb/8t06V3nLEwB8"));
        }

        @Test
        void refusesAPortThatContradictsTheUrl() {
            assertThatThrownBy(() -> CallbackEndpoint.resolve(ID, 7000, "http://127.0.0.1:8000/cb"))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("names port 8000 but the callback port is 7000");
        }

        @Test
        void refusesANonHttpUrl() {
            assertThatThrownBy(() -> CallbackEndpoint.resolve(ID, null, "ftp://127.0.0.1/cb"))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("use an absolute http(s) URL");
        }
    }
}

package dev.mcpoauth.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.testkit.TestServers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The callback listener is bound while discovery runs; whatever happens, a start that fails leaves
 * no listener behind, and a taken port is reported as such.
 */
class CallbackListenerLifecycleTest {
    private final LoginFlow flow = LoginFlow.builder().build();

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void assertPortFree(int port) throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        }
    }

    @Test
    void aFailedDiscoveryLeavesTheConfiguredPortFreeAtOnce() throws Exception {
        int port = freePort();
        int closed = freePort();
        URI unreachable = URI.create("http://127.0.0.1:" + closed + "/mcp");

        assertThatThrownBy(() -> flow.start(LoginRequest.builder("docs", unreachable).callbackPort(port).build()))
                .isInstanceOfSatisfying(McpOAuthException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE));
        assertPortFree(port);
    }

    @Test
    void aRefusedAuthorizationServerLeavesTheConfiguredPortFreeAtOnce() throws Exception {
        int port = freePort();
        try (TestServers servers = TestServers.builder().pkceS256Advertised(false).build().start()) {
            assertThatThrownBy(() -> flow.start(LoginRequest.builder("docs", servers.mcpUrl()).callbackPort(port).build()))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.PKCE_UNSUPPORTED));
        }
        assertPortFree(port);
    }

    @Test
    void aTakenPortIsReportedAfterDiscoveryAsABindFailure() throws Exception {
        try (TestServers servers = TestServers.builder().build().start();
             ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> flow.start(LoginRequest.builder("docs", servers.mcpUrl()).callbackPort(port)
                    .timeout(Duration.ofSeconds(5)).build()))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CALLBACK_BIND_FAILED);
                        assertThat(e.detail()).startsWith("cannot listen for the login callback on 127.0.0.1:" + port);
                    });
            assertThat(servers.count("POST", "/register")).isZero();
        }
    }
}

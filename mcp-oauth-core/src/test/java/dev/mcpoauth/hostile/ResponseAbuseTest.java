package dev.mcpoauth.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.discovery.AuthorizationDiscovery;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.PendingLogin;
import dev.mcpoauth.store.FileCredentialStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Servers that answer with too much, too slowly, or with bytes that are not what they claim. */
class ResponseAbuseTest {
    private static final int TEN_MB = 10 * 1024 * 1024;
    /** Short, so the slow cases finish quickly; the bound is what is under test, not the speed. */
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final HostileWorld world = new HostileWorld();
    private final HttpTransport http = HttpTransport.builder().requestTimeout(TIMEOUT).build();

    @TempDir
    Path home;

    @AfterEach
    void close() {
        world.close();
    }

    private static final String PRM_PATH = "/.well-known/oauth-protected-resource/mcp";

    private McpOAuthException discoveryFails() {
        try {
            new AuthorizationDiscovery(http).discover(world.mcpUrl());
        } catch (McpOAuthException e) {
            return e;
        }
        throw new AssertionError("discovery succeeded");
    }

    /** A login through to the token exchange, saving to a credentials file that must stay absent. */
    private McpOAuthException loginFails() {
        FileCredentialStore store = FileCredentialStore.inHome(home);
        LoginFlow flow = LoginFlow.builder().credentialStore(store).httpTransport(http).build();
        try (PendingLogin login = flow.start(world.request().build())) {
            HostileWorld.approve(login);
            McpOAuthException e = HostileWorld.failureOf(login);
            assertThat(Files.exists(home.resolve(FileCredentialStore.FILE_NAME))).as("credentials file").isFalse();
            world.assertSecretsStayedHome(seen -> seen.path().equals("/token"));
            return e;
        }
    }

    @Nested
    class TenMegabytes {
        @Test
        void ofMetadataWithAContentLengthAreRefusedWithoutReadingThem() {
            world.mcp.on(PRM_PATH, HostileSite.huge(TEN_MB, true));
            McpOAuthException e = discoveryFails();
            assertThat(e.code()).isEqualTo(ErrorCode.RESPONSE_TOO_LARGE);
            assertThat(e.detail()).isEqualTo("`" + world.mcp.origin() + PRM_PATH + "` sent more than "
                    + HttpTransport.DEFAULT_MAX_RESPONSE_BYTES + " bytes");
            assertThat(world.requestsTo(world.as)).isEmpty();
        }

        @Test
        void ofMetadataWithoutALengthAreCutOffAtTheCap() {
            world.mcp.on(PRM_PATH, HostileSite.huge(TEN_MB, false));
            assertThat(discoveryFails().code()).isEqualTo(ErrorCode.RESPONSE_TOO_LARGE);
        }

        @Test
        void ofTokenResponseStoreNothing() {
            world.token = HostileSite.huge(TEN_MB, false);
            McpOAuthException e = loginFails();
            assertThat(e.code()).isEqualTo(ErrorCode.RESPONSE_TOO_LARGE);
            assertThat(e.detail()).isEqualTo("`" + world.as.origin() + "/token` sent more than "
                    + HttpTransport.DEFAULT_MAX_RESPONSE_BYTES + " bytes");
        }

        @Test
        void ofHeadersAreRefused() throws Exception {
            try (RawSite raw = new RawSite(out -> {
                out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] header = ("X-Filler: " + "a".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < TEN_MB / header.length; i++) {
                    out.write(header);
                }
            })) {
                world.prm.put("resource", world.mcpUrl().toString());
                world.mcp.on("/mcp", (exchange, seen) -> {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer resource_metadata=\"" + raw.origin() + "/prm\"");
                    HostileSite.send(exchange, 401, "application/json", "{}");
                });
                McpOAuthException e = discoveryFails();
                assertThat(e.code()).isEqualTo(ErrorCode.RESPONSE_TOO_LARGE);
                assertThat(e.detail()).endsWith("sent a response head (status line, headers, chunk lines) over 65536 bytes");
            }
        }
    }

    @Nested
    class ResponsesThatNeverFinish {
        @Test
        void aTricklingBodyTimesOutWithinTheRequestTimeout() {
            world.mcp.on(PRM_PATH, HostileSite.trickle(100));
            long start = System.nanoTime();
            McpOAuthException e = discoveryFails();
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.detail()).isEqualTo("`" + world.mcp.origin() + PRM_PATH + "` did not answer within 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }

        @Test
        void tricklingHeadersTimeOutToo() throws Exception {
            try (RawSite raw = new RawSite(out -> {
                out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                long end = System.currentTimeMillis() + HostileSite.MAX_TRICKLE_MILLIS;
                while (System.currentTimeMillis() < end) {
                    out.write('a');
                    out.flush();
                    HostileSite.sleep(100);
                }
            })) {
                world.mcp.on("/mcp", (exchange, seen) -> {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer resource_metadata=\"" + raw.origin() + "/prm\"");
                    HostileSite.send(exchange, 401, "application/json", "{}");
                });
                assertThat(discoveryFails().code()).isEqualTo(ErrorCode.TIMEOUT);
            }
        }

        @Test
        void aSlowTokenEndpointStoresNothing() {
            world.token = HostileSite.trickle(100);
            McpOAuthException e = loginFails();
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        }
    }

    @Nested
    class BytesThatAreNotWhatTheyClaim {
        @Test
        void invalidUtf8IsMalformed() {
            world.mcp.on(PRM_PATH, (exchange, seen) -> HostileSite.send(exchange, 200, "application/json",
                    new byte[] {'{', '"', 'r', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
            McpOAuthException e = discoveryFails();
            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
            assertThat(e.detail()).isEqualTo("protected resource metadata from `" + world.mcp.origin() + PRM_PATH
                    + "` is not valid UTF-8");
        }

        @Test
        void deeplyNestedJsonIsMalformedNotAStackOverflow() {
            world.mcp.on(PRM_PATH, HostileSite.json("{\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}"));
            McpOAuthException e = discoveryFails();
            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
            assertThat(e.detail()).startsWith("protected resource metadata from `" + world.mcp.origin() + PRM_PATH
                    + "` is not valid JSON (Document nesting depth");
        }

        @Test
        void deeplyNestedTokenResponsesStoreNothing() {
            world.token = HostileSite.json("{\"access_token\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
            assertThat(loginFails().code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
        }

        @Test
        void invalidUtf8InATokenResponseStoresNothing() {
            world.token = (exchange, seen) -> HostileSite.send(exchange, 200, "application/json",
                    ("{\"access_token\":\"" + HostileWorld.ACCESS_TOKEN + "\u00ff\",\"token_type\":\"Bearer\"}")
                            .getBytes(StandardCharsets.ISO_8859_1));
            McpOAuthException e = loginFails();
            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
            assertThat(e.detail()).isEqualTo("the response from `" + world.as.origin() + "/token` is not valid UTF-8");
        }
    }

    /** A raw TCP server that writes a scripted answer to each connection, for abuse HTTP libraries will not send. */
    static final class RawSite implements AutoCloseable {
        interface Script {
            void write(OutputStream out) throws IOException;
        }

        private final ServerSocket socket;
        private final Thread thread;

        RawSite(Script script) throws IOException {
            socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket connection = socket.accept()) {
                        connection.getInputStream().read(new byte[8192]);
                        script.write(connection.getOutputStream());
                    } catch (IOException e) {
                        // the client gave up, as it should; or the site was closed
                    }
                }
            }, "raw-site");
            thread.setDaemon(true);
            thread.start();
        }

        String origin() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(HostileSite.MAX_TRICKLE_MILLIS + 1000);
        }
    }
}

package dev.mcpoauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
    private HttpServer server;
    private HttpServer other;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    + " x-tenant=" + exchange.getRequestHeaders().getFirst("X-Tenant"));
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/big": {
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        byte[] chunk = new byte[64 * 1024];
                        for (int i = 0; i < 32; i++) {
                            out.write(chunk);
                        }
                    } catch (java.io.IOException ignored) {
                        // the client hung up after the cap, as it should
                    }
                    return;
                }
                case "/slow": {
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        for (int i = 0; i < 50; i++) {
                            out.write('x');
                            out.flush();
                            Thread.sleep(100);
                        }
                    } catch (Exception ignored) {
                        // the client gave up, as it should
                    }
                    return;
                }
                case "/same":
                    exchange.getResponseHeaders().set("Location", "/target");
                    exchange.sendResponseHeaders(302, -1);
                    exchange.close();
                    return;
                case "/away":
                    exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + other.getAddress().getPort() + "/target");
                    exchange.sendResponseHeaders(302, -1);
                    exchange.close();
                    return;
                default: {
                    byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                }
            }
        });
        other.createContext("/", exchange -> {
            received.add("OTHER " + exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        other.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        other.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void sendsStaticHeadersOnEveryCall() {
        HttpTransport http = HttpTransport.builder().staticHeaders(java.util.Map.of("X-Tenant", "acme")).build();
        HttpResult result = http.send(HttpCall.get(url("/doc")));
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.isJson()).isTrue();
        assertThat(received).containsExactly("GET /doc x-tenant=acme");
    }

    @Test
    void refusesABodyOverTheCap() {
        HttpTransport http = HttpTransport.builder().maxResponseBytes(1024 * 1024).build();
        assertThatThrownBy(() -> http.send(HttpCall.get(url("/big"))))
                .isInstanceOfSatisfying(McpOAuthException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESPONSE_TOO_LARGE))
                .hasMessageContaining("sent more than 1048576 bytes");
    }

    @Test
    void boundsAResponseThatTricklesForever() {
        HttpTransport http = HttpTransport.builder().requestTimeout(Duration.ofMillis(700)).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> http.send(HttpCall.get(url("/slow"))))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void followsSameOriginRedirectsOnlyWhenAsked() {
        HttpTransport http = HttpTransport.defaults();
        assertThat(http.send(HttpCall.get(url("/same"))).status()).isEqualTo(302);
        HttpResult followed = http.send(HttpCall.get(url("/same")).redirects(RedirectPolicy.SAME_ORIGIN));
        assertThat(followed.status()).isEqualTo(200);
        assertThat(followed.uri().getPath()).isEqualTo("/target");
    }

    @Test
    void refusesARedirectToAnotherOriginWithoutRequestingIt() {
        HttpTransport http = HttpTransport.defaults();
        assertThatThrownBy(() -> http.send(HttpCall.get(url("/away")).redirects(RedirectPolicy.SAME_ORIGIN)))
                .isInstanceOfSatisfying(McpOAuthException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REDIRECT_REFUSED))
                .hasMessageContaining("redirected to another origin");
        assertThat(received).noneMatch(r -> r.startsWith("OTHER"));
    }

    @Test
    void reportsAnUnreachableEndpoint() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + port + "/x");
        assertThatThrownBy(() -> HttpTransport.defaults().send(HttpCall.get(dead)))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
                    assertThat(e.getMessage()).contains("127.0.0.1:" + port).contains("Check the URL");
                });
    }

    @Test
    void tellsListenersAboutEachExchangeWithoutSecrets() {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpTransport http = HttpTransport.builder()
                .listener((call, result, failure) -> seen.add(call + " -> " + (result == null ? failure.code() : result.status())))
                .build();
        http.send(HttpCall.get(url("/doc")).header("Authorization", "Bearer secret-token"));
        assertThat(seen).containsExactly("GET " + url("/doc") + " -> 200");
    }
}

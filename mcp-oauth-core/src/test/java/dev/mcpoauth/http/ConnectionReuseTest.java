package dev.mcpoauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive against a real socket server that counts connections: requests to one server share a
 * connection, a connection the server closed is replaced without the caller noticing, and the
 * cases that must not reuse (Connection: close, HTTP/1.0, a body delimited by close) do not.
 */
class ConnectionReuseTest {
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

    private RawServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpTransport transport() {
        return HttpTransport.builder().requestTimeout(Duration.ofSeconds(5)).build().forServer(URI.create("http://127.0.0.1/"));
    }

    @Test
    void requestsToOneServerShareOneConnection() throws IOException {
        server = new RawServer(n -> OK, false);
        HttpTransport http = transport();

        http.send(HttpCall.get(url("/a")));
        http.send(HttpCall.post(url("/b"), "application/json", "{}"));
        http.forServer(url("/")).send(HttpCall.get(url("/c")));

        assertThat(server.connections()).hasValue(1);
        assertThat(server.requests()).extracting(r -> r.split("\r\n")[0])
                .containsExactly("GET /a HTTP/1.1", "POST /b HTTP/1.1", "GET /c HTTP/1.1");
        assertThat(server.requests()).noneMatch(r -> r.toLowerCase().contains("connection: close"));
    }

    @Test
    void aConnectionTheServerClosedIsReplacedWithoutTheCallerNoticing() throws IOException {
        server = new RawServer(n -> OK, true);
        HttpTransport http = transport();

        HttpResult first = http.send(HttpCall.get(url("/a")));
        HttpResult second = http.send(HttpCall.post(url("/token"), "application/x-www-form-urlencoded", "grant_type=x"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(server.connections()).hasValue(2);
        assertThat(server.requests()).extracting(r -> r.split("\r\n")[0])
                .containsExactly("GET /a HTTP/1.1", "POST /token HTTP/1.1");
    }

    @Test
    void connectionCloseHttp10AndBodiesDelimitedByCloseEndTheConnection() throws IOException {
        List<String> answers = List.of(
                "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
                "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}",
                "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{}",
                OK);
        server = new RawServer(answers::get, false);
        HttpTransport http = transport();

        for (int i = 0; i < 4; i++) {
            assertThat(http.send(HttpCall.get(url("/" + i))).bodyText()).isEqualTo("{}");
        }

        assertThat(server.connections()).hasValue(4);
    }

    @Test
    void withReuseOffEveryRequestHasItsOwnConnection() throws IOException {
        server = new RawServer(n -> OK, false);
        HttpTransport http = HttpTransport.builder().connectionReuse(false).build().forServer(URI.create("http://127.0.0.1/"));

        http.send(HttpCall.get(url("/a")));
        http.send(HttpCall.get(url("/b")));

        assertThat(server.connections()).hasValue(2);
        assertThat(server.requests()).allMatch(r -> r.contains("Connection: close\r\n"));
    }

    @Test
    void aTimeoutOnAKeptConnectionIsNotRetried() throws IOException {
        server = new RawServer(n -> n == 0 ? OK : null, false);
        HttpTransport http = HttpTransport.builder().requestTimeout(Duration.ofMillis(400)).build()
                .forServer(URI.create("http://127.0.0.1/"));
        http.send(HttpCall.get(url("/a")));

        assertThatThrownBy(() -> http.send(HttpCall.post(url("/token"), "application/x-www-form-urlencoded", "code=1")))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(server.requests()).hasSize(2);
        assertThat(server.connections()).hasValue(1);
    }

    /**
     * A keep-alive HTTP/1.1 server on a plain socket: answers request number n with {@code answer(n)}
     * (null: never answers), and closes each connection after one response when {@code closeAfterEach}.
     */
    private static final class RawServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 16, InetAddress.getByName("127.0.0.1"));
        private final AtomicInteger connections = new AtomicInteger();
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final IntFunction<String> answer;
        private final boolean closeAfterEach;

        RawServer(IntFunction<String> answer, boolean closeAfterEach) throws IOException {
            this.answer = answer;
            this.closeAfterEach = closeAfterEach;
            Thread acceptor = new Thread(this::accept, "raw-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        AtomicInteger connections() {
            return connections;
        }

        List<String> requests() {
            return requests;
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.incrementAndGet();
                    Thread handler = new Thread(() -> serve(connection), "raw-server-connection");
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    int length = contentLength(head);
                    byte[] body = in.readNBytes(length);
                    int n;
                    synchronized (requests) {
                        n = requests.size();
                        requests.add(head + new String(body, StandardCharsets.UTF_8));
                    }
                    String response = answer.apply(n);
                    if (response == null) {
                        Thread.sleep(5_000);
                        return;
                    }
                    out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (closeAfterEach || response.contains("Connection: close") || response.startsWith("HTTP/1.0")) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            for (int b = in.read(); b != -1; b = in.read()) {
                head.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                        ? matched + 1 : 0;
                if (matched == 4) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    return Integer.parseInt(line.substring(15).trim());
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

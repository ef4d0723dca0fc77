package dev.mcpoauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport resolves once, checks every address, and connects to exactly the checked address. */
class PinnedConnectionsTest {
    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " host="
                    + exchange.getRequestHeaders().getFirst("Host"));
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private URI at(String host, String path) {
        return URI.create("http://" + host + ":" + port() + path);
    }

    private static McpOAuthException refusal(Runnable call) {
        try {
            call.run();
        } catch (McpOAuthException e) {
            return e;
        }
        throw new AssertionError("the call was not refused");
    }

    @Nested
    class AfterResolution {
        private final VirtualNetwork net = new VirtualNetwork()
                .host("mcp.example.test", "203.0.113.10").route("203.0.113.10")
                .host("internal.example.test", "10.0.0.5")
                .host("meta.example.test", "169.254.169.254")
                .host("mixed.example.test", "203.0.113.11", "192.168.1.20").route("203.0.113.11");

        private HttpTransport forPublicServer() {
            return net.transport().build().forServer(at("mcp.example.test", "/mcp"));
        }

        @Test
        void aNameThatResolvesToAPrivateAddressIsRefusedBeforeAnyConnection() {
            McpOAuthException e = refusal(() -> forPublicServer().send(HttpCall.get(at("internal.example.test", "/x"))));
            assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_REFUSED);
            assertThat(e.detail()).startsWith("`http://internal.example.test:" + port() + "` resolves to 10.0.0.5, a"
                    + " private-network address; the MCP server `http://mcp.example.test:" + port() + "/mcp` is on a"
                    + " public address");
            assertThat(net.connections()).isEmpty();
            assertThat(net.unroutedAttempts()).isEmpty();
        }

        @Test
        void aNameThatResolvesToTheMetadataServiceIsRefused() {
            McpOAuthException e = refusal(() -> forPublicServer().send(HttpCall.get(at("meta.example.test", "/latest"))));
            assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_REFUSED);
            assertThat(e.detail()).contains("169.254.169.254, a cloud metadata address, which mcp-oauth never contacts");
            assertThat(net.connections()).isEmpty();
        }

        @Test
        void everyAddressIsCheckedNotJustTheFirst() {
            McpOAuthException e = refusal(() -> forPublicServer().send(HttpCall.get(at("mixed.example.test", "/x"))));
            assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_REFUSED);
            assertThat(e.detail()).contains("192.168.1.20");
            assertThat(net.connections()).isEmpty();
        }

        @Test
        void aPublicNameIsReachedOnTheCheckedAddressWithItsHostHeader() {
            HttpResult result = forPublicServer().send(HttpCall.get(at("mcp.example.test", "/ok")));
            assertThat(result.status()).isEqualTo(200);
            assertThat(net.connections()).containsExactly("203.0.113.10:" + port());
            assertThat(received).containsExactly("GET /ok host=mcp.example.test:" + port());
        }

        @Test
        void theUserCanAllowPrivateAddresses() {
            VirtualNetwork lan = new VirtualNetwork().host("mcp.example.test", "203.0.113.10")
                    .host("auth.lan.test", "127.0.0.1");
            HttpTransport http = lan.transport().allowPrivateAddresses(true).build()
                    .forServer(at("mcp.example.test", "/mcp"));
            assertThat(http.send(HttpCall.get(at("auth.lan.test", "/ok"))).status()).isEqualTo(200);
        }
    }

    @Nested
    class DnsRebinding {
        @Test
        void aNameIsResolvedOnceSoASecondAnswerCannotTakeEffect() {
            VirtualNetwork net = new VirtualNetwork()
                    .host("mcp.example.test", "203.0.113.10")
                    .rebinding("auth.example.test", "203.0.113.20", "10.0.0.5").route("203.0.113.20");
            HttpTransport http = net.transport().build().forServer(at("mcp.example.test", "/mcp"));
            for (int i = 0; i < 3; i++) {
                assertThat(http.send(HttpCall.get(at("auth.example.test", "/" + i))).status()).isEqualTo(200);
            }
            assertThat(net.lookups()).containsExactly("mcp.example.test", "auth.example.test");
            assertThat(net.connections()).containsOnly("203.0.113.20:" + port());
            assertThat(net.unroutedAttempts()).isEmpty();
        }

        @Test
        void aLaterLoginThatSeesThePrivateAnswerIsRefused() {
            VirtualNetwork net = new VirtualNetwork()
                    .host("mcp.example.test", "203.0.113.10")
                    .rebinding("auth.example.test", "203.0.113.20", "10.0.0.5").route("203.0.113.20");
            HttpTransport base = net.transport().build();
            base.forServer(at("mcp.example.test", "/mcp")).send(HttpCall.get(at("auth.example.test", "/first")));
            McpOAuthException e = refusal(() ->
                    base.forServer(at("mcp.example.test", "/mcp")).send(HttpCall.get(at("auth.example.test", "/second"))));
            assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_REFUSED);
            assertThat(e.detail()).contains("resolves to 10.0.0.5");
            assertThat(net.unroutedAttempts()).isEmpty();
        }

        @Test
        void theServersOwnAddressIsPinnedSoItCannotTurnIntoLoopbackLater() {
            VirtualNetwork net = new VirtualNetwork()
                    .rebinding("mcp.example.test", "203.0.113.10", "127.0.0.1").route("203.0.113.10")
                    .host("auth.local.test", "127.0.0.1");
            HttpTransport http = net.transport().build().forServer(at("mcp.example.test", "/mcp"));
            assertThat(http.send(HttpCall.get(at("mcp.example.test", "/probe"))).status()).isEqualTo(200);
            McpOAuthException e = refusal(() -> http.send(HttpCall.get(at("auth.local.test", "/x"))));
            assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_REFUSED);
            assertThat(net.lookups()).containsExactly("mcp.example.test", "auth.local.test");
        }

        @Test
        void anUnanchoredTransportStillConnectsToTheAddressItChecked() {
            VirtualNetwork net = new VirtualNetwork()
                    .rebinding("auth.example.test", "203.0.113.20", "169.254.169.254").route("203.0.113.20");
            HttpTransport http = net.transport().build();
            assertThat(http.send(HttpCall.get(at("auth.example.test", "/first"))).status()).isEqualTo(200);
            McpOAuthException e = refusal(() -> http.send(HttpCall.get(at("auth.example.test", "/second"))));
            assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_REFUSED);
            assertThat(net.connections()).containsExactly("203.0.113.20:" + port());
        }
    }

    @Nested
    class WithTheSystemResolver {
        /** A public MCP server named by an IP literal: anchoring needs no lookup and no connection to it. */
        private final HttpTransport forPublicServer =
                HttpTransport.defaults().forServer(URI.create("https://203.0.113.10/mcp"));

        @Test
        void localhostIsRefusedForAPublicServer() {
            McpOAuthException e = refusal(() -> forPublicServer.send(HttpCall.get(at("localhost", "/x"))));
            assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_REFUSED);
            assertThat(e.detail()).contains("a loopback address");
            assertThat(received).isEmpty();
        }

        @Test
        void otherSpellingsOfLoopbackAreRefusedToo() {
            for (String host : List.of("127.0.0.1", "127.0.0.2", "[::ffff:127.0.0.1]", "[0:0:0:0:0:0:0:1]", "0.0.0.0",
                    "[::1]")) {
                McpOAuthException e = refusal(() -> forPublicServer.send(HttpCall.get(at(host, "/x"))));
                assertThat(e.code()).as(host).isEqualTo(ErrorCode.ADDRESS_REFUSED);
            }
            // Not a host name to java.net.URI, so not a URL the transport will call at all.
            assertThat(refusal(() -> forPublicServer.send(HttpCall.get(at("127.1", "/x")))).code())
                    .isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(received).isEmpty();
        }

        @Test
        void aLoopbackServerMayUseLocalhost() {
            HttpTransport http = HttpTransport.defaults().forServer(at("localhost", "/mcp"));
            assertThat(http.send(HttpCall.get(at("localhost", "/ok"))).status()).isEqualTo(200);
            assertThat(received).containsExactly("GET /ok host=localhost:" + port());
        }
    }

    @Nested
    class Https {
        @TempDir
        Path dir;

        @Test
        void sendsTheHostNameAsSniAndVerifiesTheCertificateAgainstIt() throws Exception {
            KeyStore keys = generateKeyStore(dir, "mcp.example.test");
            List<String> sni = new CopyOnWriteArrayList<>();
            HttpsServer https = httpsServer(keys, sni);
            try {
                int port = https.getAddress().getPort();
                VirtualNetwork net = new VirtualNetwork().host("mcp.example.test", "127.0.0.1")
                        .host("other.example.test", "127.0.0.1");
                HttpTransport http = net.transport().sslContext(clientContext(keys)).build();
                HttpResult result = http.send(HttpCall.get(URI.create("https://mcp.example.test:" + port + "/ok")));
                assertThat(result.status()).isEqualTo(200);
                assertThat(sni).containsExactly("mcp.example.test");
                assertThat(received).containsExactly("GET /ok host=mcp.example.test:" + port);

                McpOAuthException e = refusal(() ->
                        http.send(HttpCall.get(URI.create("https://other.example.test:" + port + "/ok"))));
                assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
                assertThat(e.detail()).contains("TLS failed");
                assertThat(received).hasSize(1);
            } finally {
                https.stop(0);
            }
        }

        private HttpsServer httpsServer(KeyStore keys, List<String> sniSeen) throws Exception {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "changeit".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters parameters = context.getDefaultSSLParameters();
                    parameters.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                        @Override
                        public boolean matches(SNIServerName name) {
                            sniSeen.add(((SNIHostName) name).getAsciiName());
                            return true;
                        }
                    }));
                    params.setSSLParameters(parameters);
                }
            });
            https.createContext("/", exchange -> {
                received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " host="
                        + exchange.getRequestHeaders().getFirst("Host"));
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            https.start();
            return https;
        }
    }

    @Nested
    class TheWireFormat {
        @Test
        void readsChunkedAndCloseDelimitedBodiesAndSkipsInterimResponses() throws Exception {
            String chunked = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{\"a\"\r\n5\r\n:true\r\n1\r\n}\r\n0\r\nX-Trailer: 1\r\n\r\n";
            assertThat(rawExchange(chunked).bodyText()).isEqualTo("{\"a\":true}");
            String closeDelimited = "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"b\":1}";
            assertThat(rawExchange(closeDelimited).bodyText()).isEqualTo("{\"b\":1}");
        }

        @Test
        void refusesConflictingContentLengths() throws Exception {
            String response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}}";
            assertThatThrownBy(() -> rawExchange(response))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
                        assertThat(e.detail()).endsWith("/raw` sent conflicting Content-Length values");
                    });
        }

        @Test
        void refusesAHeaderThatWouldSplitTheRequest() {
            McpOAuthException e = refusal(() -> HttpTransport.defaults()
                    .send(HttpCall.get(at("127.0.0.1", "/x")).header("X-Evil", "a\r\nHost: evil.test")));
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(received).isEmpty();
        }

        private HttpResult rawExchange(String response) throws Exception {
            try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Thread thread = new Thread(() -> {
                    try (Socket socket = raw.accept()) {
                        InputStream in = socket.getInputStream();
                        byte[] buffer = new byte[4096];
                        in.read(buffer);
                        socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                    } catch (Exception ignored) {
                        // the test reports what the client saw
                    }
                });
                thread.start();
                try {
                    return HttpTransport.defaults().send(HttpCall.get(
                            URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/raw")));
                } finally {
                    thread.join(5000);
                }
            }
        }
    }

    /** A PKCS#12 key store with a self-signed certificate for {@code name}, made by the JDK's keytool. */
    static KeyStore generateKeyStore(Path dir, String name) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Assumptions.assumeTrue(Files.isExecutable(keytool), "the JDK's keytool is needed to make a test certificate");
        Path file = dir.resolve("keys.p12");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "SAN=dns:" + name, "-validity", "2",
                "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, "changeit".toCharArray());
        }
        return keys;
    }

    static SSLContext clientContext(KeyStore trusted) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}

package dev.mcpoauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CallbackListenerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<CallbackParameters> received = new CopyOnWriteArrayList<>();

    private CallbackListener start() {
        CallbackEndpoint endpoint = CallbackEndpoint.resolve(new CallbackId("8t06V3nLEwB8"), null, null);
        return CallbackListener.start(endpoint, params -> {
            received.add(params);
            return LandingPage.success("docs");
        });
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersTheExactCallbackPathWithAnHtmlPage() throws Exception {
        try (CallbackListener listener = start()) {
            HttpResponse<String> response = get(URI.create(listener.redirectUri() + "?code=c&state=s"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
            assertThat(response.body()).contains("<h1 id=\"title\">Logged in to docs</h1>");
            assertThat(received).hasSize(1);
            assertThat(received.get(0).get("code")).hasValue("c");
        }
    }

    @Test
    void ignoresOtherPathsAndMethods() throws Exception {
        try (CallbackListener listener = start()) {
            URI base = listener.redirectUri();
            assertThat(get(base.resolve("/callback/other?code=c&state=s")).statusCode()).isEqualTo(404);
            assertThat(get(base.resolve("/callback/8t06V3nLEwB8/extra")).statusCode()).isEqualTo(404);
            assertThat(get(base.resolve("/")).statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(base)
                    .POST(HttpRequest.BodyPublishers.ofString("code=c")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(404);
            assertThat(received).isEmpty();
        }
    }

    @Test
    void bindsLoopbackOnlyAndFreesThePortOnClose() throws Exception {
        int port;
        try (CallbackListener listener = start()) {
            port = listener.port();
            assertThat(listener.redirectUri().getHost()).isEqualTo("127.0.0.1");
        }
        try (ServerSocket again = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void reportsABusyPortWithACodeAndTheNextStep() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            CallbackEndpoint endpoint = CallbackEndpoint.resolve(new CallbackId("x"), taken.getLocalPort(), null);
            assertThatThrownBy(() -> CallbackListener.start(endpoint, p -> LandingPage.success("x")))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CALLBACK_BIND_FAILED))
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("Choose another callback port");
        }
    }
}

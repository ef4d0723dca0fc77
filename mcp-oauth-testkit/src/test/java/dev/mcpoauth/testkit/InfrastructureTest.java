package dev.mcpoauth.testkit;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class InfrastructureTest {

    @Test
    void every_request_is_recorded_with_lower_case_headers_even_when_it_fails() {
        try (TestServers servers = TestServers.start()) {
            Http.get(servers.mcpUrl() + "/nowhere?x=1", "X-Custom", "yes");
            Http.postForm(servers.issuer() + "/token", Map.of("grant_type", "nonsense"));

            assertThat(servers.requests()).hasSize(2);
            RecordedRequest first = servers.requests().get(0);
            assertThat(first.method()).isEqualTo("GET");
            assertThat(first.path()).isEqualTo("/mcp/nowhere");
            assertThat(first.query()).isEqualTo("x=1");
            assertThat(first.server()).isEqualTo("mcp");
            assertThat(first.headers()).containsKey("x-custom");
            assertThat(first.header("X-Custom")).isEqualTo("yes");
            RecordedRequest second = servers.requests().get(1);
            assertThat(second.server()).isEqualTo("as");
            assertThat(second.body()).isEqualTo("grant_type=nonsense");
            assertThat(servers.count("POST", "/token")).isEqualTo(1);
        }
    }

    @Test
    void unknown_paths_are_404_json() {
        try (TestServers servers = TestServers.start()) {
            HttpResponse<String> response = Http.get(servers.issuer() + "/nothing-here");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(Http.json(response).get("error").asText()).isEqualTo("not_found");
        }
    }

    @Test
    void bodies_over_one_mebibyte_are_refused() {
        try (TestServers servers = TestServers.start()) {
            HttpResponse<String> response = Http.postJson(servers.issuer() + "/register", "x".repeat(1024 * 1024 + 1));

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(servers.count("POST", "/register")).isEqualTo(1);
        }
    }

    @Test
    void the_response_delay_applies_to_every_response() {
        try (TestServers servers = TestServers.builder().responseDelay(Duration.ofMillis(200)).build().start()) {
            long start = System.nanoTime();
            Http.get(servers.issuer() + "/.well-known/oauth-authorization-server");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void close_frees_both_ports() throws Exception {
        TestServers servers = TestServers.start();
        int mcpPort = servers.mcpUrl().getPort();
        int asPort = servers.authorizationServerUrl().getPort();

        servers.close();

        for (int port : new int[] {mcpPort, asPort}) {
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void the_command_line_accepts_its_flags_and_prints_the_urls() {
        TestServersBuilder builder = TestServersMain.parse(
                new String[] {"--consent-page", "--no-cimd", "--no-dcr", "--delay-ms", "5"});
        try (TestServers servers = builder.build().start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TestServersMain.print(servers, new PrintStream(out, true, StandardCharsets.UTF_8));

            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains(servers.mcpUrl().toString())
                    .contains(servers.issuer())
                    .contains(servers.clientMetadataBase());
            assertThat(Http.postJson(servers.issuer() + "/register", "{}").statusCode()).isEqualTo(404);
        }
        assertThatIllegalArgumentException().isThrownBy(() -> TestServersMain.parse(new String[] {"--bogus"}));
    }

    @Test
    void the_command_line_spells_the_delay_both_ways_and_accepts_the_benchmark_flags() {
        TestServersBuilder builder = TestServersMain.parse(
                new String[] {"--response-delay-ms", "5", "--single-use-refresh-tokens", "--control"});
        try (TestServers servers = builder.build().start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TestServersMain.print(servers, new PrintStream(out, true, StandardCharsets.UTF_8), "http://127.0.0.1:9");

            assertThat(out.toString(StandardCharsets.UTF_8)).contains("Control URL:          http://127.0.0.1:9");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> TestServersMain.parse(new String[] {"--response-delay-ms"}))
                .withMessage("--response-delay-ms needs a number of milliseconds");
    }
}

package dev.mcpoauth.appserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpoauth.internal.Urls;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.testkit.TestServers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config reload and the end of stdin: what a UI client sees when it edits config.toml or goes away. */
class AppServerLifecycleTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path home;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private TestServers servers() {
        TestServers servers = TestServers.start();
        toClose.add(servers);
        return servers;
    }

    private static int redirectPort(URI authorizationUrl) {
        return URI.create(Urls.parseQuery(authorizationUrl.getRawQuery(), new ArrayList<>()).get("redirect_uri")).getPort();
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> names(JsonNode listResponse) {
        List<String> names = new ArrayList<>();
        listResponse.at("/result/data").forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    @Test
    void reloadReadsConfigAgainAndABrokenFileKeepsThePreviousServers() throws Exception {
        Path config = home.resolve("config.toml");
        Files.writeString(config, "mcp_oauth_credentials_store = \"file\"\n[mcp_servers.alpha]\ncommand = \"alpha-mcp\"\n");
        try (AppServerProcess server = AppServerProcess.start(home, config, Map.of())) {
            assertThat(names(server.call("mcpServerStatus/list", null))).containsExactly("alpha");

            Files.writeString(config, "mcp_oauth_credentials_store = \"file\"\n[mcp_servers.alpha]\ncommand = \"alpha-mcp\"\n"
                    + "[mcp_servers.beta]\ncommand = \"beta-mcp\"\n");
            assertThat(server.call("config/mcpServer/reload", null).get("result").toString()).isEqualTo("{}");
            assertThat(names(server.call("mcpServerStatus/list", null))).containsExactly("alpha", "beta");

            Files.writeString(config, "[mcp_servers.gamma\n");
            JsonNode broken = server.call("config/mcpServer/reload", Map.of());
            assertThat(broken.at("/error/code").asInt()).isEqualTo(-32603);
            assertThat(broken.at("/error/message").asText()).startsWith("failed to reload " + config + ": config file `"
                    + config + "` is not valid TOML");
            assertThat(names(server.call("mcpServerStatus/list", null))).containsExactly("alpha", "beta");

            server.closeStdin();
            assertThat(server.waitForExit()).isZero();
        }
    }

    @Test
    void theEndOfStdinCancelsPendingLoginsAndTheProcessExitsWithZero() throws Exception {
        TestServers servers = servers();
        Path config = home.resolve("config.toml");
        Files.writeString(config, "mcp_oauth_credentials_store = \"file\"\n[mcp_servers.docs]\nurl = \"" + servers.mcpUrl() + "\"\n"
                + "[mcp_servers.wiki]\nurl = \"" + servers.mcpUrl() + "\"\n");
        try (AppServerProcess server = AppServerProcess.start(home, config, Map.of())) {
            JsonNode docs = server.call("mcpServer/oauth/login", Map.of("name", "docs"));
            JsonNode wiki = server.call("mcpServer/oauth/login", Map.of("name", "wiki"));
            int docsPort = redirectPort(URI.create(docs.at("/result/authorizationUrl").asText()));
            int wikiPort = redirectPort(URI.create(wiki.at("/result/authorizationUrl").asText()));
            assertThat(canBind(docsPort)).as("the docs listener is up").isFalse();

            server.closeStdin();

            for (String name : List.of("docs", "wiki")) {
                assertThat(server.completion(name).get("params").toString()).isEqualTo("{\"name\":\"" + name
                        + "\",\"success\":false,\"error\":\"The app server shut down before the login completed.\"}");
            }
            assertThat(server.waitForExit()).isZero();
            assertThat(canBind(docsPort)).isTrue();
            assertThat(canBind(wikiPort)).isTrue();
            assertThat(server.stderr()).contains("end of stdin: stopped 2 pending login(s)");
        }
    }

    @Test
    void servingInProcessReleasesEveryListenerBeforeItReturns() throws Exception {
        TestServers servers = servers();
        Path config = home.resolve("config.toml");
        Files.writeString(config, "[mcp_servers.docs]\nurl = \"" + servers.mcpUrl() + "\"\n");
        AppServer appServer = AppServer.builder(config)
                .credentialStore(new InMemoryCredentialStore())
                .log(new PrintStream(PrintStream.nullOutputStream()))
                .build();
        PipedOutputStream clientOut = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(clientOut);
        PipedOutputStream serverOutPipe = new PipedOutputStream();
        BufferedReader clientIn = new BufferedReader(new InputStreamReader(new PipedInputStream(serverOutPipe, 1 << 16),
                StandardCharsets.UTF_8));
        PrintStream serverOut = new PrintStream(serverOutPipe, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> appServer.serve(serverIn, serverOut));

        clientOut.write("{\"id\":1,\"method\":\"mcpServer/oauth/login\",\"params\":{\"name\":\"docs\"}}\n"
                .getBytes(StandardCharsets.UTF_8));
        clientOut.flush();
        JsonNode response = MAPPER.readTree(clientIn.readLine());
        int port = redirectPort(URI.create(response.at("/result/authorizationUrl").asText()));
        assertThat(canBind(port)).isFalse();

        clientOut.close();
        JsonNode notification = MAPPER.readTree(clientIn.readLine());
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();

        assertThat(notification.at("/params/success").asBoolean()).isFalse();
        assertThat(canBind(port)).as("the callback port is free once serve returns").isTrue();
    }
}

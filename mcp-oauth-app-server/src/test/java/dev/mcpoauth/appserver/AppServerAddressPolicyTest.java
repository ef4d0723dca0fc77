package dev.mcpoauth.appserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpoauth.http.RoutedNetwork;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.testkit.HeadlessBrowser;
import dev.mcpoauth.testkit.PrmLocation;
import dev.mcpoauth.testkit.TestServers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcp_oauth_allow_private_addresses} in the app server: a public MCP server
 * ({@code mcp.example.test}, a made-up public address routed to the testkit) whose authorization
 * server is on this machine's loopback address. The login is refused by default, and allowed once the
 * key is set and the config reloaded: the policy follows the config each request uses.
 */
class AppServerAddressPolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path home;
    private TestServers servers;
    private final RoutedNetwork net = new RoutedNetwork().host("mcp.example.test", "203.0.113.10");
    private final InMemoryCredentialStore store = new InMemoryCredentialStore();
    private Path config;
    private String mcpUrl;
    private PipedOutputStream toServer;
    private BufferedReader fromServer;
    private CompletableFuture<Integer> exit;
    private int nextId;

    @BeforeEach
    void start() throws IOException {
        // No resource_metadata in the challenge, so the client finds the document on the MCP server's own origin.
        servers = TestServers.builder().prmLocation(PrmLocation.PATH_WELL_KNOWN).build().start();
        mcpUrl = "http://mcp.example.test:" + servers.mcpUrl().getPort() + "/mcp";
        config = home.resolve("config.toml");
        writeConfig(false);
        AppServer appServer = AppServer.builder(config)
                .credentialStore(store)
                .httpTransport(net.transport().build())
                .log(new PrintStream(PrintStream.nullOutputStream()))
                .build();
        toServer = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(toServer);
        PipedOutputStream serverOut = new PipedOutputStream();
        fromServer = new BufferedReader(new InputStreamReader(new PipedInputStream(serverOut, 1 << 16), StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(serverOut, true, StandardCharsets.UTF_8);
        exit = CompletableFuture.supplyAsync(() -> appServer.serve(serverIn, out));
    }

    @AfterEach
    void stop() throws Exception {
        toServer.close();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        servers.close();
        assertThat(net.unroutedAttempts()).as("connections that left the machine").isEmpty();
    }

    private void writeConfig(boolean allowPrivate) throws IOException {
        // The testkit's metadata names its loopback URL as the resource: oauth_resource accepts it.
        Files.writeString(config, (allowPrivate ? "mcp_oauth_allow_private_addresses = true\n" : "")
                + "[mcp_servers.docs]\nurl = \"" + mcpUrl + "\"\noauth_resource = \"" + servers.mcpUrl() + "\"\n");
    }

    /** Sends a request and returns its answer (notifications before it are skipped). */
    private JsonNode call(String method, String params) throws IOException {
        int id = ++nextId;
        toServer.write(("{\"id\":" + id + ",\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params)
                + "}\n").getBytes(StandardCharsets.UTF_8));
        toServer.flush();
        for (String line = fromServer.readLine(); line != null; line = fromServer.readLine()) {
            JsonNode message = MAPPER.readTree(line);
            if (message.path("id").asInt(-1) == id) {
                return message;
            }
        }
        throw new IOException("the app server ended before answering " + method);
    }

    private JsonNode nextNotification() throws IOException {
        return MAPPER.readTree(fromServer.readLine());
    }

    private String docsStatus() throws IOException {
        return call("mcpServerStatus/list", null).at("/result/data/0/authStatus").asText();
    }

    @Test
    void aLoginWhoseAuthorizationServerIsOnThisMachineIsRefusedByDefaultAndAllowedWithTheKey() throws Exception {
        String issuerOrigin = "http://127.0.0.1:" + URI.create(servers.issuer()).getPort();
        JsonNode refused = call("mcpServer/oauth/login", "{\"name\":\"docs\"}");
        assertThat(refused.at("/error/code").asInt()).isEqualTo(-32603);
        assertThat(refused.at("/error/data/errorCode").asText()).isEqualTo("address_refused");
        assertThat(refused.at("/error/message").asText()).isEqualTo("failed to login to MCP server 'docs': `"
                + issuerOrigin + "` resolves to 127.0.0.1, a loopback address; the MCP server `" + mcpUrl
                + "` is on a public address, so its discovery and token requests may not go to a loopback address"
                + " (server-side request forgery protection). If this server really uses a service on your private"
                + " network, set `mcp_oauth_allow_private_addresses = true` in config.toml.");
        assertThat(servers.requests()).as("nothing reached the authorization server")
                .allSatisfy(request -> assertThat(request.server()).isNotEqualTo("as"));
        assertThat(docsStatus()).as("the status probe follows the same policy").isEqualTo("unsupported");

        writeConfig(true);
        assertThat(call("config/mcpServer/reload", null).get("result").toString()).isEqualTo("{}");

        assertThat(docsStatus()).isEqualTo("notLoggedIn");
        JsonNode started = call("mcpServer/oauth/login", "{\"name\":\"docs\"}");
        URI authorizationUrl = URI.create(started.at("/result/authorizationUrl").asText());
        assertThat(authorizationUrl.toString()).startsWith(issuerOrigin + "/authorize?");
        HeadlessBrowser.follow(authorizationUrl);
        assertThat(nextNotification().get("params").toString()).isEqualTo("{\"name\":\"docs\",\"success\":true}");
        assertThat(store.load(new ServerKey("docs", mcpUrl))).isPresent();
    }
}

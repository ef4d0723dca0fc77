package dev.mcpoauth.appserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.authorize.CallbackId;
import dev.mcpoauth.internal.Urls;
import dev.mcpoauth.registration.DynamicallyRegistered;
import dev.mcpoauth.registration.MetadataDocument;
import dev.mcpoauth.store.FileCredentialStore;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.testkit.HeadlessBrowser;
import dev.mcpoauth.testkit.TestServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Drives one app server subprocess over stdio against the testkit, the way a UI client does: login
 * requests answer with an authorization URL, a headless browser follows it, and the completion
 * notification arrives. Each test uses its own server names, so they share the process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppServerProcessTest {
    private final List<TestServers> started = new ArrayList<>();
    private Path home;
    private AppServerProcess server;
    private TestServers cimd;
    private TestServers dcr;
    private TestServers shared;
    private TestServers untouched;
    private TestServers denying;
    private TestServers preRegistered;
    private Socket reserved;

    @BeforeAll
    void startEverything() throws IOException {
        home = Files.createTempDirectory("app-server-test");
        cimd = start(TestServers.builder().cimd(true).dcr(true).build().start());
        dcr = start(TestServers.builder().cimd(true).dcr(true).build().start());
        shared = start(TestServers.builder().build().start());
        untouched = start(TestServers.builder().build().start());
        denying = start(TestServers.builder().authorizeError("access_denied").build().start());
        preRegistered = start(TestServers.builder().preRegisteredClient("ide-client", "s3cret").scopesSupported("docs:read")
                .build().start());
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("cimd-login", cimd.mcpUrl().toString());
        urls.put("dcr-login", dcr.mcpUrl().toString());
        urls.put("untouched", untouched.mcpUrl().toString());
        urls.put("denied", denying.mcpUrl().toString());
        for (String name : List.of("twice", "slow", "multi-1", "multi-2", "multi-3", "status-fresh", "status-done")) {
            urls.put(name, shared.mcpUrl().toString());
        }
        urls.put("down", "http://127.0.0.1:" + closedPort() + "/mcp");
        StringBuilder toml = new StringBuilder("mcp_oauth_credentials_store = \"file\"\n");
        urls.forEach((name, url) -> toml.append("\n[mcp_servers.").append(name).append("]\nurl = \"").append(url).append("\"\n"));
        toml.append("\n[mcp_servers.bearer]\nurl = \"").append(shared.mcpUrl()).append("\"\nbearer_token_env_var = \"DOCS_TOKEN\"\n");
        toml.append("\n[mcp_servers.header-sent]\nurl = \"").append(shared.mcpUrl())
                .append("\"\nhttp_headers = { \"Authorization\" = \"Bearer static\" }\n");
        // Its variable is not in the app server's environment: no header is sent, so no bearer token.
        toml.append("\n[mcp_servers.header-unset]\nurl = \"").append(shared.mcpUrl())
                .append("\"\nenv_http_headers = { \"Authorization\" = \"UNSET_AUTHORIZATION\" }\n");
        toml.append("\n[mcp_servers.stdio-tool]\ncommand = \"docs-mcp\"\n");
        toml.append("\n[mcp_servers.configured]\nurl = \"").append(preRegistered.mcpUrl()).append("\"\nscopes = []\n")
                .append("http_headers = { \"X-Team\" = \"docs\" }\nenv_http_headers = { \"X-Tenant\" = \"TENANT_ID\" }\n")
                .append("[mcp_servers.configured.oauth]\nclient_id = \"ide-client\"\nclient_secret_env = \"IDE_CLIENT_SECRET\"\n");
        Path config = home.resolve("config.toml");
        Files.writeString(config, toml);
        server = AppServerProcess.start(home, config, Map.of("IDE_CLIENT_SECRET", "s3cret", "TENANT_ID", "acme"));
    }

    private TestServers start(TestServers servers) {
        started.add(servers);
        return servers;
    }

    @AfterAll
    void stopEverything() throws InterruptedException, IOException {
        server.closeStdin();
        assertThat(server.waitForExit()).isZero();
        assertThat(server.junk()).as("stdout carries only JSON-RPC messages").isEmpty();
        started.forEach(TestServers::close);
        reserved.close();
        AppServerProcess.deleteRecursively(home);
    }

    /**
     * A port where nothing listens, for the class's lifetime: bound by a socket that never listens,
     * so connections are refused and no listener started later (the app server's callback
     * listeners take ephemeral ports) can take it.
     */
    private int closedPort() throws IOException {
        reserved = new Socket();
        reserved.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        return reserved.getLocalPort();
    }

    private static Map<String, String> query(URI uri) {
        return Urls.parseQuery(uri.getRawQuery(), new ArrayList<>());
    }

    /** Starts a login and returns its authorization URL. */
    private URI login(Map<String, Object> params) {
        JsonNode response = server.call("mcpServer/oauth/login", params);
        assertThat(response.has("error")).as("login answered %s", response).isFalse();
        return URI.create(response.at("/result/authorizationUrl").asText());
    }

    private StoredCredentials stored(String name) {
        return FileCredentialStore.inHome(home).list().stream()
                .filter(c -> c.key().name().equals(name)).findFirst().orElseThrow();
    }

    @Nested
    class WithAClientMetadataUrlBase {
        @Test
        void usesTheCallbackScopedUrlAsClientIdAndSendsNoRegistration() {
            String base = cimd.clientMetadataBase();
            URI url = login(Map.of("name", "cimd-login", "clientMetadataUrlBase", base));
            String callbackId = CallbackId.of(cimd.mcpUrl().toString()).value();
            String clientId = query(url).get("client_id");
            URI clientIdUrl = URI.create(clientId);
            assertThat(clientId).startsWith(base + "/" + callbackId + "/client.json?redirect_uri=");
            URI redirectUri = URI.create(query(clientIdUrl).get("redirect_uri"));
            assertThat(redirectUri.getPath()).isEqualTo("/callback/" + callbackId);
            assertThat(query(url)).containsEntry("redirect_uri", redirectUri.toString());

            HeadlessBrowser.follow(url);

            JsonNode done = server.completion("cimd-login");
            assertThat(done.get("params").toString()).isEqualTo("{\"name\":\"cimd-login\",\"success\":true}");
            assertThat(cimd.count("POST", "/register")).isZero();
            assertThat(stored("cimd-login").client()).isInstanceOf(MetadataDocument.class);
            assertThat(stored("cimd-login").client().clientId()).isEqualTo(clientId);
        }

        @Test
        void rejectsABaseWithAQueryNamingTheFieldBeforeAnyRequest() {
            int requestsBefore = untouched.requests().size();
            JsonNode response = server.call("mcpServer/oauth/login",
                    Map.of("name", "untouched", "clientMetadataUrlBase", "https://chatgpt.com/codex/local-mcp/oauth?variant=one"));
            assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
            assertThat(response.at("/error/message").asText()).isEqualTo("Invalid params: `clientMetadataUrlBase`: "
                    + "invalid MCP OAuth client metadata URL base `https://chatgpt.com/codex/local-mcp/oauth?variant=one`: "
                    + "query is not allowed");
            assertThat(response.at("/error/data/field").asText()).isEqualTo("clientMetadataUrlBase");
            assertThat(untouched.requests()).hasSize(requestsBefore);
            assertThat(server.completions("untouched")).isEmpty();
        }

        @Test
        void rejectsABaseWithAFragmentNamingTheField() {
            int requestsBefore = untouched.requests().size();
            JsonNode response = server.call("mcpServer/oauth/login",
                    Map.of("name", "untouched", "clientMetadataUrlBase", "https://chatgpt.com/codex/local-mcp/oauth#fragment"));
            assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
            assertThat(response.at("/error/message").asText())
                    .startsWith("Invalid params: `clientMetadataUrlBase`: ")
                    .endsWith("fragment is not allowed");
            assertThat(untouched.requests()).hasSize(requestsBefore);
        }
    }

    @Nested
    class WithoutAClientMetadataUrlBase {
        @Test
        void registersExactlyOnceLogsInAndLogsOut() {
            URI url = login(Map.of("name", "dcr-login"));
            HeadlessBrowser.follow(url);

            assertThat(server.completion("dcr-login").at("/params/success").asBoolean()).isTrue();
            assertThat(dcr.count("POST", "/register")).isEqualTo(1);
            assertThat(query(url).get("client_id")).isEqualTo(dcr.registeredClients().get(0).clientId());
            assertThat(stored("dcr-login").client()).isInstanceOf(DynamicallyRegistered.class);

            JsonNode logout = server.call("mcpServer/oauth/logout", Map.of("name", "dcr-login"));
            assertThat(logout.get("result").toString())
                    .isEqualTo("{\"removed\":true,\"message\":\"Removed OAuth credentials for 'dcr-login'.\"}");
            JsonNode again = server.call("mcpServer/oauth/logout", Map.of("name", "dcr-login"));
            assertThat(again.get("result").toString())
                    .isEqualTo("{\"removed\":false,\"message\":\"No OAuth credentials stored for 'dcr-login'.\"}");
        }
    }

    @Nested
    class WithTheServersConfig {
        @Test
        void usesThePreRegisteredClientConfiguredScopesAndHeaders() {
            URI url = login(Map.of("name", "configured", "clientMetadataUrlBase", preRegistered.clientMetadataBase()));
            assertThat(query(url)).containsEntry("client_id", "ide-client").doesNotContainKey("scope");
            HeadlessBrowser.follow(url);

            assertThat(server.completion("configured").at("/params/success").asBoolean()).isTrue();
            assertThat(preRegistered.count("POST", "/register")).isZero();
            assertThat(stored("configured").client().clientId()).isEqualTo("ide-client");
            assertThat(stored("configured").tokens().scopes()).isEmpty();
            assertThat(preRegistered.requests()).filteredOn(r -> r.path().equals("/token")).singleElement()
                    .satisfies(token -> {
                        assertThat(token.header("X-Team")).isEqualTo("docs");
                        assertThat(token.header("X-Tenant")).isEqualTo("acme");
                        assertThat(token.header("Authorization")).startsWith("Basic ");
                    });
        }
    }

    @Nested
    class Errors {
        @Test
        void anUnknownServerGetsTheReferenceMessage() {
            JsonNode response = server.call("mcpServer/oauth/login", Map.of("name", "nope"));
            assertThat(response.get("error").toString())
                    .isEqualTo("{\"code\":-32600,\"message\":\"No MCP server named 'nope' found.\"}");
        }

        @Test
        void aStdioServerGetsTheReferenceMessage() {
            JsonNode response = server.call("mcpServer/oauth/login", Map.of("name", "stdio-tool"));
            assertThat(response.get("error").toString()).isEqualTo(
                    "{\"code\":-32600,\"message\":\"OAuth login is only supported for streamable HTTP servers.\"}");
        }

        @Test
        void malformedJsonGetsAParseErrorAndTheServerKeepsRunning() {
            server.sendLine("{\"id\": 99, \"method\": ");
            JsonNode error = server.await(m -> m.has("error") && m.get("id").isNull()
                    && m.at("/error/code").asInt() == -32700, "parse error");
            assertThat(error.at("/error/message").asText()).startsWith("Parse error: ");
            assertThat(server.call("initialize", null).at("/result/serverInfo/name").asText())
                    .isEqualTo("mcp-oauth-app-server");
        }

        @Test
        void anUnknownMethodGetsMethodNotFound() {
            JsonNode response = server.call("mcpServer/oauth/dance", Map.of());
            assertThat(response.get("error").toString())
                    .isEqualTo("{\"code\":-32601,\"message\":\"Method not found: mcpServer/oauth/dance\"}");
        }

        @Test
        void invalidParamsNameTheField() {
            assertThat(server.call("mcpServer/oauth/login", Map.of()).at("/error/message").asText())
                    .isEqualTo("Invalid params: `name` is required");
            assertThat(server.call("mcpServer/oauth/login", Map.of("name", "untouched", "timeoutSecs", 0))
                    .at("/error/message").asText()).isEqualTo("Invalid params: `timeoutSecs` must be an integer from 1 to 86400");
            assertThat(server.call("mcpServer/oauth/login", Map.of("name", "untouched", "clientRegistration", "magic"))
                    .at("/error/message").asText()).isEqualTo("Invalid params: `clientRegistration` must be one of auto, cimd, dcr");
            assertThat(server.call("mcpServer/oauth/login", Map.of("name", "untouched", "scopes", "read"))
                    .at("/error/data/field").asText()).isEqualTo("scopes");
            assertThat(server.completions("untouched")).isEmpty();
        }

        @Test
        void aLoginThatCannotStartAnswersWithTheCoreErrorAndSendsNoNotification() {
            JsonNode response = server.call("mcpServer/oauth/login", Map.of("name", "down"));
            assertThat(response.at("/error/code").asInt()).isEqualTo(-32603);
            assertThat(response.at("/error/message").asText()).startsWith("failed to login to MCP server 'down': ");
            assertThat(response.at("/error/data/errorCode").asText()).isEqualTo("unreachable");
            assertThat(server.completions("down")).isEmpty();
        }

        @Test
        void aDeniedAuthorizationArrivesInTheNotification() {
            HeadlessBrowser.follow(login(Map.of("name", "denied")));
            JsonNode done = server.completion("denied");
            assertThat(done.at("/params/success").asBoolean()).isFalse();
            assertThat(done.at("/params/error").asText()).contains("access_denied");
        }
    }

    @Nested
    class Concurrency {
        @Test
        void aSecondLoginForTheSameServerSupersedesTheFirst() {
            URI first = login(Map.of("name", "twice"));
            URI second = login(Map.of("name", "twice"));

            JsonNode superseded = server.completion("twice", 1);
            assertThat(superseded.get("params").toString()).isEqualTo("{\"name\":\"twice\",\"success\":false,\"error\":"
                    + "\"The login was superseded by a newer mcpServer/oauth/login for 'twice'.\"}");
            assertThat(query(first).get("state")).isNotEqualTo(query(second).get("state"));

            HeadlessBrowser.follow(second);
            assertThat(server.completion("twice", 2).at("/params/success").asBoolean()).isTrue();
            assertThat(server.completions("twice")).hasSize(2);
        }

        @Test
        void aLoginThatTimesOutFails() {
            login(Map.of("name", "slow", "timeoutSecs", 1));
            JsonNode done = server.completion("slow");
            assertThat(done.get("params").toString()).isEqualTo("{\"name\":\"slow\",\"success\":false,\"error\":"
                    + "\"no authorization arrived for 'slow' within 1 s. "
                    + "Start the login again and complete it in the browser before it times out.\"}");
        }

        @Test
        void loginsForSeveralServersRunAtOnceAndCompleteInAnyOrder() {
            List<URI> urls = new ArrayList<>();
            for (String name : List.of("multi-1", "multi-2", "multi-3")) {
                urls.add(login(Map.of("name", name, "scopes", List.of("mcp:read"))));
            }
            List<CompletableFuture<HeadlessBrowser.Visit>> visits = new ArrayList<>();
            for (int i = urls.size() - 1; i >= 0; i--) {
                URI url = urls.get(i);
                visits.add(CompletableFuture.supplyAsync(() -> HeadlessBrowser.follow(url)));
            }
            visits.forEach(CompletableFuture::join);
            for (String name : List.of("multi-1", "multi-2", "multi-3")) {
                assertThat(server.completion(name).at("/params/success").asBoolean()).as(name).isTrue();
                assertThat(stored(name).tokens().scopes()).containsExactly("mcp:read");
            }
        }
    }

    @Nested
    class StatusList {
        @Test
        void pagesThroughEveryServerByNameWithTheReferenceAuthStatuses() {
            HeadlessBrowser.follow(login(Map.of("name", "status-done")));
            assertThat(server.completion("status-done").at("/params/success").asBoolean()).isTrue();

            List<JsonNode> all = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("limit", 5);
                if (cursor != null) {
                    params.put("cursor", cursor);
                }
                JsonNode result = server.call("mcpServerStatus/list", params).get("result");
                assertThat(result.has("nextCursor")).as("nextCursor is always present").isTrue();
                assertThat(result.get("data").size()).isLessThanOrEqualTo(5);
                result.get("data").forEach(all::add);
                cursor = result.get("nextCursor").isNull() ? null : result.get("nextCursor").asText();
                pages++;
            } while (cursor != null);

            List<String> names = all.stream().map(s -> s.get("name").asText()).toList();
            assertThat(names).isSorted().hasSize(17).doesNotHaveDuplicates();
            assertThat(pages).isEqualTo(4);
            Map<String, String> statuses = new LinkedHashMap<>();
            all.forEach(s -> statuses.put(s.get("name").asText(), s.get("authStatus").asText()));
            assertThat(statuses).containsEntry("stdio-tool", "unsupported")
                    .containsEntry("bearer", "bearerToken")
                    .containsEntry("header-sent", "bearerToken")
                    .containsEntry("header-unset", "notLoggedIn")
                    .containsEntry("status-done", "oAuth")
                    .containsEntry("status-fresh", "notLoggedIn")
                    .containsEntry("down", "unsupported");
            assertThat(all.stream().filter(s -> s.get("name").asText().equals("stdio-tool")).findFirst().orElseThrow()
                    .has("url")).isFalse();
        }

        @Test
        void withoutParamsListsEverythingOnOnePage() {
            JsonNode result = server.call("mcpServerStatus/list", null).get("result");
            assertThat(result.get("data").size()).isEqualTo(17);
            assertThat(result.get("nextCursor").isNull()).isTrue();
        }

        @Test
        void aForeignCursorOrAZeroLimitIsInvalidParams() {
            assertThat(server.call("mcpServerStatus/list", Map.of("cursor", "abc")).at("/error/message").asText())
                    .isEqualTo("Invalid params: `cursor` is not a cursor returned by mcpServerStatus/list (`abc`)");
            assertThat(server.call("mcpServerStatus/list", Map.of("limit", 0)).at("/error/data/field").asText())
                    .isEqualTo("limit");
        }
    }

    @Test
    void initializeReportsTheServerAndAlwaysAnswersWithJsonRpc20() {
        JsonNode response = server.call("initialize", Map.of("clientInfo", Map.of("name", "test-ide", "version", "1.0")));
        assertThat(response.get("jsonrpc").asText()).isEqualTo("2.0");
        JsonNode result = response.get("result");
        assertThat(result.at("/serverInfo/name").asText()).isEqualTo("mcp-oauth-app-server");
        assertThat(result.at("/serverInfo/version").asText()).isNotBlank();
        assertThat(result.get("protocolVersion").asText()).isEqualTo("1");
        assertThat(result.get("methods").toString()).isEqualTo("[\"initialize\",\"mcpServer/oauth/login\","
                + "\"mcpServer/oauth/logout\",\"mcpServerStatus/list\",\"config/mcpServer/reload\"]");
        assertThat(result.get("notifications").toString()).isEqualTo("[\"mcpServer/oauthLogin/completed\"]");

        server.sendLine("{\"jsonrpc\":\"2.0\",\"id\":\"with-version\",\"method\":\"initialize\"}");
        assertThat(server.await(m -> "with-version".equals(m.path("id").asText()), "string id").has("result")).isTrue();
    }
}

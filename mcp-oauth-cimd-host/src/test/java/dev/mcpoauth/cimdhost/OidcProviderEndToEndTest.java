package dev.mcpoauth.cimdhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.authorize.CallbackId;
import dev.mcpoauth.authorize.CallbackParameters;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.login.LoginResult;
import dev.mcpoauth.login.PendingLogin;
import dev.mcpoauth.registration.ClientMetadataUrls;
import dev.mcpoauth.registration.DynamicallyRegistered;
import dev.mcpoauth.registration.MetadataDocument;
import dev.mcpoauth.registration.RegistrationMode;
import dev.mcpoauth.store.CredentialStore;
import dev.mcpoauth.store.FileCredentialStore;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.token.TokenManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain against an authorization server nobody on this project wrote: oidc-provider 9 (npm)
 * with Client ID Metadata Documents, dynamic registration, required PKCE and resource indicators, a
 * small protected MCP server beside it (both {@code e2e/oidc-provider/provider.js}), this module's
 * {@link ClientMetadataHost} over https with a throw-away CA, and headless Debian Chromium going
 * through the provider's real login and consent pages ({@code browser.js}, playwright-core).
 *
 * <p>Flows, in order: (a) a login whose {@code client_id} is the callback-scoped document URL under
 * our host, with no registration, through core's {@link LoginFlow} and then through the
 * {@code mcp-oauth login} command when its jar is built; (b) a login through dynamic client
 * registration; (c) refreshing both logins' tokens with {@link TokenManager} and using them.
 * Screenshots of the login, consent and callback pages go to {@code target/e2e-screenshots/}.
 *
 * <p>Skips, saying why, when Node.js, the npm packages (installed by {@code npm ci} in
 * {@code e2e/oidc-provider}, which this test runs itself when npm is there) or Debian's chromium are
 * missing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OidcProviderEndToEndTest {
    static final String SERVER_NAME = "oidc-e2e";

    static E2eTools tools;
    static ClientMetadataHost host;
    static OidcProviderProcess provider;
    static BrowserDriver browser;
    static final List<ServedRequest> hostRequests = new CopyOnWriteArrayList<>();
    /** The logins of flows (a) and (b), refreshed by flow (c). */
    static final CredentialStore cimdStore = new InMemoryCredentialStore();
    static final CredentialStore dcrStore = new InMemoryCredentialStore();

    static String missing;

    @BeforeAll
    static void start() throws Exception {
        E2eTools.Lookup lookup = E2eTools.find();
        if (lookup.tools() == null) {
            missing = lookup.missing();
            return;
        }
        tools = lookup.tools();
        TestCertificates certs = TestCertificates.shared();
        int port = freeLoopbackPort();
        String publicBase = "https://127.0.0.1:" + port + "/mcp-oauth/";
        host = ClientMetadataHost.builder(publicBase)
                .listen(new ListenAddress("127.0.0.1", port))
                .tls(certs.serverKeystore(), certs.password())
                .clientName("mcp-oauth end-to-end test")
                .requestListener(hostRequests::add)
                .build()
                .start();
        provider = OidcProviderProcess.start(tools, certs.caPem(), "https://127.0.0.1:" + port,
                tools.output().resolve("e2e-provider.log"));
        browser = new BrowserDriver(tools);
    }

    @BeforeEach
    void requireTools() {
        assumeTrue(missing == null, () -> "end-to-end test skipped: " + missing);
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
        if (host != null) {
            host.close();
        }
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    static ServerKey key() {
        return new ServerKey(SERVER_NAME, provider.mcp.toString());
    }

    static String callbackScopedClientId(URI redirectUri) {
        return ClientMetadataUrls.callbackScoped(host.publicBase() + "/", CallbackId.of(provider.mcp.toString()),
                redirectUri.toString());
    }

    LoginResult logIn(LoginRequest request, String screenshotName, CredentialStore store, List<String> steps)
            throws Exception {
        LoginFlow flow = LoginFlow.builder()
                .credentialStore(store)
                .observer((step, message) -> steps.add(step + ": " + message))
                .build();
        try (PendingLogin login = flow.start(request)) {
            BrowserDriver.Outcome outcome = browser.authorize(login.authorizationUrl(), login.redirectUri(), screenshotName);
            assertThat(outcome.error()).as("browser error").isNull();
            assertThat(outcome.ok()).isTrue();
            assertThat(outcome.consentText()).contains("mcp:tools");
            // The provider's debug section lists the request's client_id (it may wrap a long one).
            assertThat(outcome.consentText().replaceAll("\\s", "")).contains("client_id:'" + login.clientId() + "'");
            assertThat(outcome.callbackTitle()).isEqualTo("Logged in to " + SERVER_NAME);
            assertThat(outcome.callbackUrl()).isEqualTo(login.redirectUri().toString());
            return login.result().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void aLoginWithACallbackScopedMetadataDocumentUsesItsUrlAsClientIdAndRegistersNothing() throws Exception {
        int eventsBefore = provider.events().size();
        int hostRequestsBefore = hostRequests.size();
        List<String> steps = new ArrayList<>();

        LoginResult result = logIn(LoginRequest.builder(SERVER_NAME, provider.mcp)
                .clientMetadataUrlBase(host.publicBase() + "/")
                .registrationMode(RegistrationMode.CIMD)
                .timeout(Duration.ofSeconds(90))
                .build(), "cimd", cimdStore, steps);

        StoredCredentials stored = cimdStore.load(key()).orElseThrow();
        String clientId = stored.client().clientId();
        assertThat(stored.client()).isInstanceOf(MetadataDocument.class);
        assertThat(clientId).startsWith(host.publicBase() + "/" + CallbackId.of(provider.mcp.toString()).value()
                + "/client.json?redirect_uri=http%3A%2F%2F127.0.0.1%3A");
        assertThat(result.issuer()).isEqualTo(provider.issuer);
        assertThat(result.grantedScopes()).contains("mcp:tools");
        assertThat(stored.tokens().hasRefreshToken()).as("refresh token; provider events: %s", provider.events()).isTrue();
        assertThat(steps).anyMatch(step -> step.startsWith("IDENTIFIED_CLIENT: Client identified by its metadata document URL"));

        assertThat(provider.events("registration", eventsBefore)).isEmpty();
        List<JsonNode> fetches = provider.events("cimd_fetch", eventsBefore);
        assertThat(fetches).hasSize(1);
        assertThat(fetches.get(0).get("url").textValue()).isEqualTo(clientId);
        assertThat(fetches.get(0).get("status").intValue()).isEqualTo(200);
        List<ServedRequest> served = hostRequests.subList(hostRequestsBefore, hostRequests.size());
        assertThat(served).hasSize(1);
        assertThat(served.get(0).clientId()).isEqualTo(clientId);
        List<JsonNode> tokens = provider.events("token", eventsBefore);
        assertThat(tokens).hasSize(1);
        assertThat(tokens.get(0).get("grantType").textValue()).isEqualTo("authorization_code");
        assertThat(tokens.get(0).get("clientId").textValue()).isEqualTo(clientId);
        assertThat(tokens.get(0).get("resource").textValue()).isEqualTo(provider.mcp.toString());

        assertThat(provider.callMcp(stored.tokens().accessToken())).isEqualTo(200);
        assertThat(provider.callMcp("not-a-token")).isEqualTo(401);
    }

    @Test
    @Order(2)
    void theLoginCommandWithClientMetadataUrlBaseDoesTheSame(@TempDir Path home) throws Exception {
        Optional<Path> jar = tools.cliJar();
        assumeTrue(jar.isPresent(), "mcp-oauth login through the CLI skipped: mcp-oauth-cli/target/mcp-oauth.jar"
                + " is not built (run `mvn install -DskipTests` first); flow (a) ran through LoginFlow above");
        Files.writeString(home.resolve("config.toml"), "mcp_oauth_credentials_store = \"file\"\n\n"
                + "[mcp_servers." + SERVER_NAME + "]\nurl = \"" + provider.mcp + "\"\n");
        int eventsBefore = provider.events().size();
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.get().toString(), "login", SERVER_NAME,
                "--client-metadata-url-base", host.publicBase() + "/", "--registration", "cimd",
                "--no-browser", "--timeout", "90")
                .redirectError(tools.output().resolve("e2e-cli-login.err").toFile());
        command.environment().put("MCP_OAUTH_HOME", home.toString());
        Process cli = command.start();
        cli.getOutputStream().close();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new CopyOnWriteArrayList<>();
            CompletableFuture<URI> authorizationUrl = CompletableFuture.supplyAsync(() -> readUntilUrl(out, lines));
            URI url = authorizationUrl.get(60, TimeUnit.SECONDS);
            assertThat(url).as("authorization URL printed by mcp-oauth login: " + lines).isNotNull();
            URI redirectUri = URI.create(CallbackParameters.parseUrl(url).get("redirect_uri").orElseThrow());
            String clientId = CallbackParameters.parseUrl(url).get("client_id").orElseThrow();

            BrowserDriver.Outcome outcome = browser.authorize(url, redirectUri, "cli-cimd");
            assertThat(outcome.error()).as("browser error").isNull();
            assertThat(outcome.callbackTitle()).isEqualTo("Logged in to " + SERVER_NAME);
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
            CompletableFuture.runAsync(() -> readRest(out, lines)).get(10, TimeUnit.SECONDS);

            assertThat(cli.exitValue()).as("mcp-oauth login output: " + lines).isZero();
            assertThat(lines).contains("Successfully logged in to MCP server '" + SERVER_NAME + "'.");
            assertThat(clientId).isEqualTo(callbackScopedClientId(redirectUri));
            StoredCredentials stored = FileCredentialStore.inHome(home).load(key()).orElseThrow();
            assertThat(stored.client().clientId()).isEqualTo(clientId);
            assertThat(provider.events("registration", eventsBefore)).isEmpty();
            assertThat(provider.events("cimd_fetch", eventsBefore)).extracting(event -> event.get("url").textValue())
                    .containsExactly(clientId);
            assertThat(provider.callMcp(stored.tokens().accessToken())).isEqualTo(200);
        } finally {
            cli.destroyForcibly();
        }
    }

    private static URI readUntilUrl(BufferedReader out, List<String> lines) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.startsWith(provider.issuer + "/auth?")) {
                    return URI.create(line.trim());
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void readRest(BufferedReader out, List<String> lines) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    @Test
    @Order(3)
    void aLoginThroughDynamicClientRegistrationRegistersANativeClient() throws Exception {
        int eventsBefore = provider.events().size();
        int hostRequestsBefore = hostRequests.size();
        List<String> steps = new ArrayList<>();

        LoginResult result = logIn(LoginRequest.builder(SERVER_NAME, provider.mcp)
                .registrationMode(RegistrationMode.DCR)
                .timeout(Duration.ofSeconds(90))
                .build(), "dcr", dcrStore, steps);

        StoredCredentials stored = dcrStore.load(key()).orElseThrow();
        assertThat(stored.client()).isInstanceOf(DynamicallyRegistered.class);
        List<JsonNode> registrations = provider.events("registration", eventsBefore);
        assertThat(registrations).hasSize(1);
        assertThat(registrations.get(0).get("clientId").textValue()).isEqualTo(result.clientId());
        assertThat(result.clientId()).doesNotStartWith("https://");
        assertThat(provider.events("cimd_fetch", eventsBefore)).isEmpty();
        assertThat(hostRequests.subList(hostRequestsBefore, hostRequests.size())).isEmpty();
        assertThat(stored.tokens().hasRefreshToken()).isTrue();
        assertThat(provider.callMcp(stored.tokens().accessToken())).isEqualTo(200);
    }

    @Test
    @Order(4)
    void refreshingGivesNewTokensThatTheResourceServerAccepts() throws Exception {
        assertThat(cimdStore.load(key())).as("flow (a) stored a login to refresh").isPresent();
        assertThat(dcrStore.load(key())).as("flow (b) stored a login to refresh").isPresent();
        // Two hours on, the stored access tokens (one hour) are expired: the manager must refresh.
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
        for (CredentialStore store : List.of(cimdStore, dcrStore)) {
            int eventsBefore = provider.events().size();
            StoredCredentials before = store.load(key()).orElseThrow();

            String accessToken = TokenManager.builder(store).clock(later).build().accessToken(key());

            StoredCredentials after = store.load(key()).orElseThrow();
            assertThat(accessToken).isNotEqualTo(before.tokens().accessToken()).isEqualTo(after.tokens().accessToken());
            assertThat(after.tokens().hasRefreshToken()).isTrue();
            List<JsonNode> grants = provider.events("token", eventsBefore);
            assertThat(grants).hasSize(1);
            assertThat(grants.get(0).get("grantType").textValue()).isEqualTo("refresh_token");
            assertThat(grants.get(0).get("clientId").textValue()).isEqualTo(before.client().clientId());
            assertThat(grants.get(0).get("resource").textValue()).isEqualTo(provider.mcp.toString());
            assertThat(provider.callMcp(accessToken)).isEqualTo(200);
        }
    }
}

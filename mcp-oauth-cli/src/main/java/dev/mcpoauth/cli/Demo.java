package dev.mcpoauth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.HttpCall;
import dev.mcpoauth.http.HttpResult;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.login.LoginResult;
import dev.mcpoauth.login.PendingLogin;
import dev.mcpoauth.registration.RegistrationMode;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.testkit.HeadlessBrowser;
import dev.mcpoauth.testkit.TestServers;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code mcp-oauth demo}: a complete login against the embedded test servers, twice (once with a
 * callback-scoped Client ID Metadata Document URL, once with dynamic client registration), then a
 * tool call with the token. Every step is printed in plain words. Nothing is written to disk.
 */
final class Demo {
    private final PrintStream out;

    Demo(PrintStream out) {
        this.out = out;
    }

    int run() {
        try (TestServers servers = TestServers.start()) {
            out.println("Started the embedded test servers:");
            out.println("  MCP server            " + servers.mcpUrl());
            out.println("  authorization server  " + servers.issuer());
            out.println("  client metadata host  " + servers.clientMetadataBase());
            InMemoryCredentialStore store = new InMemoryCredentialStore();
            LoginFlow flow = LoginFlow.builder()
                    .credentialStore(store)
                    .observer((step, message) -> out.println("  - " + message))
                    .build();

            out.println();
            out.println("1. Login with a callback-scoped client metadata URL (no registration)");
            LoginResult viaCimd = login(flow, LoginRequest.builder("demo-cimd", servers.mcpUrl())
                    .clientMetadataUrlBase(servers.clientMetadataBase())
                    .timeout(Duration.ofSeconds(30))
                    .build());
            out.println("  client_id was the metadata URL: " + viaCimd.clientId());
            out.println("  registration requests so far: " + servers.count("POST", "/register"));

            out.println();
            out.println("2. Login with dynamic client registration (RFC 7591)");
            LoginResult viaDcr = login(flow, LoginRequest.builder("demo-dcr", servers.mcpUrl())
                    .registrationMode(RegistrationMode.DCR)
                    .timeout(Duration.ofSeconds(30))
                    .build());
            out.println("  registered client id: " + viaDcr.clientId());
            out.println("  registration requests so far: " + servers.count("POST", "/register"));

            out.println();
            out.println("3. Call the `echo` tool with the access token");
            String reply = callEcho(servers.mcpUrl(), viaDcr.credentials().tokens().accessToken());
            out.println("  the server answered: " + reply);

            out.println();
            out.println("Done: two logins and one authenticated tool call. Nothing was written to disk.");
            return 0;
        } catch (McpOAuthException e) {
            out.println();
            out.println("Demo failed: " + e.code().code() + ": " + e.getMessage());
            return 1;
        }
    }

    private LoginResult login(LoginFlow flow, LoginRequest request) {
        try (PendingLogin login = flow.start(request)) {
            out.println("  - Authorize `" + request.serverName() + "` by opening this URL in your browser:");
            out.println("    " + login.authorizationUrl());
            out.println("  - (the demo approves it headlessly, as a browser would)");
            HeadlessBrowser.Visit visit = HeadlessBrowser.follow(login.authorizationUrl());
            out.println("  - The browser landed on " + stripQuery(visit.finalUrl()) + " (HTTP " + visit.status() + ")");
            LoginResult result = login.result().join();
            out.println("  Successfully logged in to MCP server '" + request.serverName() + "'.");
            out.println("  granted scopes: " + (result.grantedScopes().isEmpty() ? "(none)" : String.join(" ", result.grantedScopes()))
                    + ", expires in " + describeExpiry(result.expiresAt()));
            return result;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof McpOAuthException oauth) {
                throw oauth;
            }
            throw e;
        }
    }

    private static String describeExpiry(Instant expiresAt) {
        if (expiresAt == null) {
            return "(no expiry given)";
        }
        long seconds = Duration.between(Instant.now(), expiresAt).toSeconds();
        return seconds >= 120 ? (seconds / 60) + " min" : seconds + " s";
    }

    private static String stripQuery(URI uri) {
        String s = uri.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }

    private static String callEcho(URI mcpUrl, String accessToken) {
        HttpTransport http = HttpTransport.defaults();
        String call = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hello from mcp-oauth\"}}}";
        HttpResult result = http.send(HttpCall.post(mcpUrl, "application/json", call)
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + accessToken));
        if (!result.isSuccess()) {
            return "HTTP " + result.status();
        }
        JsonNode body = Json.parseObject(result.body(), "tools/call response");
        return body.path("result").path("content").path(0).path("text").asText("(no text)");
    }
}

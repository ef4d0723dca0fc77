package dev.mcpoauth.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.LoginResult;
import dev.mcpoauth.login.PendingLogin;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.testkit.HeadlessBrowser;
import dev.mcpoauth.testkit.TestServers;
import dev.mcpoauth.token.Scopes;
import dev.mcpoauth.token.StepUp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A server that is never satisfied with the scopes it gets must not keep the client authorizing forever. */
class StepUpLoopTest {
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}}";
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> callTool(URI mcp, String accessToken) throws Exception {
        return http.send(HttpRequest.newBuilder(mcp).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + accessToken)
                .POST(HttpRequest.BodyPublishers.ofString(CALL)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static LoginResult login(LoginFlow flow, dev.mcpoauth.login.LoginRequest request) {
        try (PendingLogin login = flow.start(request)) {
            HeadlessBrowser.follow(login.authorizationUrl());
            return login.result().orTimeout(20, TimeUnit.SECONDS).join();
        }
    }

    @Nested
    class AgainstAServerThatAlwaysAnswersInsufficientScope {
        private final HostileWorld world = new HostileWorld();
        private final AtomicInteger challenges = new AtomicInteger();

        @AfterEach
        void close() {
            world.close();
        }

        @Test
        void authorizesThreeTimesWithGrowingScopesThenGivesUp() throws Exception {
            world.mcp.on("/mcp", (exchange, seen) -> {
                if (seen.header("authorization") == null) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer resource_metadata=\""
                            + world.mcp.origin() + "/.well-known/oauth-protected-resource/mcp\"");
                    HostileSite.send(exchange, 401, "application/json", "{}");
                    return;
                }
                int n = challenges.incrementAndGet();
                exchange.getResponseHeaders().add("WWW-Authenticate",
                        "Bearer error=\"insufficient_scope\", scope=\"mcp:read extra-" + n + "\"");
                HostileSite.send(exchange, 403, "application/json", "{}");
            });
            LoginFlow flow = LoginFlow.builder().credentialStore(new InMemoryCredentialStore()).build();
            StepUp stepUp = new StepUp();
            String resource = world.mcpUrl().toString();
            List<Set<String>> requested = new ArrayList<>();
            Set<String> scopes = Set.of("mcp:read");
            LoginResult current = login(flow, world.request().scopes(List.copyOf(scopes)).build());
            McpOAuthException failure = null;
            for (int round = 0; round < 10 && failure == null; round++) {
                HttpResponse<String> response = callTool(world.mcpUrl(), current.credentials().tokens().accessToken());
                Optional<Set<String>> challenged = StepUp.challengedScopes(response.statusCode(),
                        response.headers().allValues("WWW-Authenticate"));
                assertThat(challenged).isPresent();
                try {
                    scopes = stepUp.next(resource, "tools/call echo", scopes, challenged.get());
                } catch (McpOAuthException e) {
                    failure = e;
                    break;
                }
                requested.add(scopes);
                current = login(flow, world.request().scopes(List.copyOf(scopes)).build());
            }
            assertThat(failure).isNotNull();
            assertThat(failure.code()).isEqualTo(ErrorCode.INSUFFICIENT_SCOPE);
            assertThat(failure.detail()).isEqualTo("`" + resource + "` still refuses `tools/call echo` with 403"
                    + " insufficient_scope after 3 step-up authorizations (it now asks for `mcp:read extra-4`; the last"
                    + " authorization requested `mcp:read extra-1 extra-2 extra-3`); giving up rather than authorizing"
                    + " again (MCP authorization, step-up)");
            assertThat(requested).containsExactly(Set.of("mcp:read", "extra-1"), Set.of("mcp:read", "extra-1", "extra-2"),
                    Set.of("mcp:read", "extra-1", "extra-2", "extra-3"));
            assertThat(world.authorizations).hasValue(1 + StepUp.MAX_ATTEMPTS);
            List<String> sentScopes = world.log.stream().filter(seen -> seen.path().equals("/authorize"))
                    .map(seen -> dev.mcpoauth.internal.Urls.parseQuery(seen.query(), new ArrayList<>()).get("scope")).toList();
            assertThat(sentScopes).containsExactly("mcp:read", "mcp:read extra-1", "mcp:read extra-1 extra-2",
                    "mcp:read extra-1 extra-2 extra-3");
        }
    }

    @Nested
    class AgainstTheTestkit {
        @Test
        void oneStepUpForTheScopeTheToolNeedsIsEnough() throws Exception {
            try (TestServers servers = TestServers.builder().toolScope("echo", "mcp:write").build().start()) {
                LoginFlow flow = LoginFlow.builder().credentialStore(new InMemoryCredentialStore()).build();
                StepUp stepUp = new StepUp();
                Set<String> scopes = Set.of("mcp:read");
                LoginResult first = login(flow, dev.mcpoauth.login.LoginRequest.builder("docs", servers.mcpUrl())
                        .scopes(List.copyOf(scopes)).build());
                HttpResponse<String> refused = callTool(servers.mcpUrl(), first.credentials().tokens().accessToken());
                Set<String> challenged = StepUp.challengedScopes(refused.statusCode(),
                        refused.headers().allValues("WWW-Authenticate")).orElseThrow();
                scopes = stepUp.next(servers.mcpUrl().toString(), "tools/call echo", scopes, challenged);
                assertThat(scopes).contains("mcp:read", "mcp:write");
                LoginResult second = login(flow, dev.mcpoauth.login.LoginRequest.builder("docs", servers.mcpUrl())
                        .scopes(List.copyOf(scopes)).build());
                assertThat(callTool(servers.mcpUrl(), second.credentials().tokens().accessToken()).statusCode()).isEqualTo(200);
                stepUp.succeeded(servers.mcpUrl().toString(), "tools/call echo");
                assertThat(stepUp.attempts(servers.mcpUrl().toString(), "tools/call echo")).isZero();
            }
        }
    }

    @Nested
    class TheCounting {
        private final StepUp stepUp = new StepUp();

        @Test
        void attemptsThreeTimes() {
            for (int i = 0; i < 3; i++) {
                stepUp.next("https://mcp.example.com/mcp", "tools/call a", Set.of("x"), Set.of("y" + i));
            }
            assertThat(stepUp.attempts("https://mcp.example.com/mcp", "tools/call a")).isEqualTo(3);
        }

        @Test
        void doesNotAttemptFourTimes() {
            for (int i = 0; i < 3; i++) {
                stepUp.next("https://mcp.example.com/mcp", "tools/call a", Set.of("x"), Set.of("y"));
            }
            assertThatThrownBy(() -> stepUp.next("https://mcp.example.com/mcp", "tools/call a", Set.of("x"), Set.of("y")))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_SCOPE));
            assertThat(stepUp.attempts("https://mcp.example.com/mcp", "tools/call a")).isEqualTo(3);
        }

        @Test
        void countsEachResourceAndOperationApart() {
            for (int i = 0; i < 3; i++) {
                stepUp.next("https://mcp.example.com/mcp", "tools/call a", Set.of(), Set.of("y"));
            }
            assertThat(stepUp.next("https://mcp.example.com/mcp", "tools/call b", Set.of(), Set.of("y"))).containsExactly("y");
            assertThat(stepUp.next("https://other.example.com/mcp", "tools/call a", Set.of(), Set.of("y"))).containsExactly("y");
        }

        @Test
        void keepsThePreviousScopesFirstAndAddsOnlyNewOnes() {
            assertThat(stepUp.next("r", "op", Scopes.parse("a b"), Scopes.parse("b c")))
                    .containsExactly("a", "b", "c");
        }

        @Test
        void readsOnlyA403InsufficientScopeChallenge() {
            assertThat(StepUp.challengedScopes(403, List.of("Bearer error=\"insufficient_scope\", scope=\"a b\"")))
                    .contains(Set.of("a", "b"));
            assertThat(StepUp.challengedScopes(401, List.of("Bearer error=\"insufficient_scope\", scope=\"a\""))).isEmpty();
            assertThat(StepUp.challengedScopes(403, List.of("Bearer error=\"invalid_token\""))).isEmpty();
            assertThat(StepUp.challengedScopes(403, List.of())).isEmpty();
        }
    }
}

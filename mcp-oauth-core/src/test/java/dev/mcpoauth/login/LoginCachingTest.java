package dev.mcpoauth.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.testkit.HeadlessBrowser;
import dev.mcpoauth.testkit.IssMode;
import dev.mcpoauth.testkit.TestServers;
import dev.mcpoauth.testkit.TestServersBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A flow remembers discovery and registrations: a second login sends no request before its
 * authorization URL, reuses the registration on the same redirect URI, and a failed login forgets.
 */
class LoginCachingTest {
    private final LoginFlow flow = LoginFlow.builder().credentialStore(new InMemoryCredentialStore()).build();
    private final List<TestServers> started = new ArrayList<>();

    @AfterEach
    void stopServers() {
        started.forEach(TestServers::close);
    }

    private TestServers servers(Consumer<TestServersBuilder> config) {
        TestServersBuilder builder = TestServers.builder();
        config.accept(builder);
        TestServers servers = builder.build().start();
        started.add(servers);
        return servers;
    }

    private static LoginRequest request(TestServers servers) {
        return LoginRequest.builder("docs", servers.mcpUrl()).timeout(Duration.ofSeconds(20)).build();
    }

    private static LoginResult approve(PendingLogin login) {
        HeadlessBrowser.follow(login.authorizationUrl());
        return login.result().orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static McpOAuthException failureOf(PendingLogin login) {
        try {
            login.result().orTimeout(20, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            return (McpOAuthException) e.getCause();
        }
        throw new AssertionError("the login succeeded");
    }

    /** Binds {@code port} as soon as the closed login's listener has released it. */
    private static ServerSocket bindWhenFree(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
                return socket;
            } catch (java.net.BindException stillBound) {
                socket.close();
                if (System.nanoTime() > deadline) {
                    throw stillBound;
                }
                Thread.onSpinWait();
            }
        }
    }

    @Nested
    class ASecondLogin {
        @Test
        void sendsNoRequestBeforeItsAuthorizationUrlAndReusesTheRegistration() {
            TestServers servers = servers(b -> b.cimd(false).dcr(true));
            String firstRedirect;
            String firstClient;
            try (PendingLogin login = flow.start(request(servers))) {
                firstRedirect = login.redirectUri().toString();
                firstClient = login.clientId();
                approve(login);
            }
            int before = servers.requests().size();

            try (PendingLogin login = flow.start(request(servers))) {
                assertThat(servers.requests()).as("requests before the second authorization URL").hasSize(before);
                assertThat(login.redirectUri().toString()).isEqualTo(firstRedirect);
                assertThat(login.clientId()).isEqualTo(firstClient);
                LoginResult result = approve(login);
                assertThat(result.clientId()).isEqualTo(firstClient);
            }
            assertThat(servers.count("POST", "/register")).isOne();
            assertThat(servers.count("POST", "/token")).isEqualTo(2);
        }

        @Test
        void onANewFlowDiscoversAndRegistersAgain() {
            TestServers servers = servers(b -> b.cimd(false).dcr(true));
            try (PendingLogin login = flow.start(request(servers))) {
                approve(login);
            }
            LoginFlow other = LoginFlow.builder().build();
            try (PendingLogin login = other.start(request(servers))) {
                approve(login);
            }
            assertThat(servers.count("POST", "/register")).isEqualTo(2);
            assertThat(servers.count("POST", servers.mcpUrl().getPath())).isEqualTo(2);
        }

        @Test
        void registersAgainWhenThePortOfTheCachedRegistrationIsTaken() throws Exception {
            TestServers servers = servers(b -> b.cimd(false).dcr(true));
            int port;
            try (PendingLogin login = flow.start(request(servers))) {
                port = login.redirectUri().getPort();
                approve(login);
            }
            try (ServerSocket taken = bindWhenFree(port)) {
                try (PendingLogin login = flow.start(request(servers))) {
                    assertThat(login.redirectUri().getPort()).isNotEqualTo(port);
                    approve(login);
                }
            }
            assertThat(servers.count("POST", "/register")).isEqualTo(2);
        }

        @Test
        void withCachingOffDiscoversAgain() {
            TestServers servers = servers(b -> b.cimd(false).dcr(true));
            LoginFlow uncached = LoginFlow.builder().caching(false).build();
            assertThat(uncached.discoveryCache()).isNull();
            for (int i = 0; i < 2; i++) {
                try (PendingLogin login = uncached.start(request(servers))) {
                    approve(login);
                }
            }
            assertThat(servers.count("POST", "/register")).isEqualTo(2);
            assertThat(servers.count("POST", servers.mcpUrl().getPath())).isEqualTo(2);
        }
    }

    @Nested
    class AFailedLogin {
        @Test
        void forgetsTheDiscoveryAndTheRegistrationItUsed() {
            TestServers servers = servers(b -> b.cimd(false).dcr(true).issParameter(IssMode.WRONG));
            try (PendingLogin login = flow.start(request(servers))) {
                assertThat(flow.discoveryCache().size()).isPositive();
                assertThat(flow.registrationCache().size()).isOne();
                HeadlessBrowser.follow(login.authorizationUrl());
                assertThat(failureOf(login).code()).isEqualTo(ErrorCode.ISSUER_MISMATCH_CALLBACK);
            }
            assertThat(flow.discoveryCache().size()).isZero();
            assertThat(flow.registrationCache().size()).isZero();
        }

        @Test
        void becauseTheAuthorizationServerIsGoneForgetsThem() {
            TestServers servers = servers(b -> b.cimd(false).dcr(true));
            try (PendingLogin login = flow.start(request(servers))) {
                String state = dev.mcpoauth.internal.Urls.parseQuery(login.authorizationUrl().getRawQuery(),
                        new ArrayList<>()).get("state");
                String issuer = servers.issuer();
                servers.close();
                login.completeWithRedirectUrl(java.net.URI.create(login.redirectUri() + "?code=abc&state=" + state
                        + "&iss=" + java.net.URLEncoder.encode(issuer, java.nio.charset.StandardCharsets.UTF_8)));
                assertThat(failureOf(login).code()).isEqualTo(ErrorCode.UNREACHABLE);
            }
            assertThat(flow.discoveryCache().size()).isZero();
            assertThat(flow.registrationCache().size()).isZero();
        }

        @Test
        void thatWasCancelledKeepsThem() {
            TestServers servers = servers(b -> b.cimd(false).dcr(true));
            try (PendingLogin login = flow.start(request(servers))) {
                login.cancel("changed my mind");
                assertThat(failureOf(login).code()).isEqualTo(ErrorCode.CANCELLED);
            }
            assertThat(flow.discoveryCache().size()).isPositive();
            assertThat(flow.registrationCache().size()).isOne();
        }
    }
}

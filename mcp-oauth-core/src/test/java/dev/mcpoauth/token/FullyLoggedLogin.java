package dev.mcpoauth.token;

import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.authorize.AuthorizationSession;
import dev.mcpoauth.authorize.CallbackParameters;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.login.LoginResult;
import dev.mcpoauth.login.PendingLogin;
import dev.mcpoauth.store.FileCredentialStore;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.testkit.HeadlessBrowser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The program {@link NoSecretsInLogsTest} watches: a complete login and two refreshes with every
 * logger at TRACE, then the failures a user can meet (a replayed code, a forged state, a rotated-away
 * refresh token, a dead refresh token in the store). It prints every exception with its stack trace
 * and causes, and the {@code toString} of every value that holds a secret. The one secret only this
 * process knows, the PKCE verifier of a session it creates itself, goes to a side file, never to the
 * output.
 *
 * <p>Arguments: MCP_OAUTH_HOME, MCP server URL, side file.
 */
public final class FullyLoggedLogin {
    private FullyLoggedLogin() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        URI mcpUrl = URI.create(args[1]);
        Path sideFile = Path.of(args[2]);
        FileCredentialStore store = FileCredentialStore.inHome(home);
        LoginFlow flow = LoginFlow.builder().credentialStore(store)
                .observer((step, message) -> System.out.println("step " + step + ": " + message))
                .build();

        LoginResult result;
        URI redirectedTo;
        try (PendingLogin login = flow.start(LoginRequest.builder("docs", mcpUrl).timeout(Duration.ofSeconds(30)).build())) {
            System.out.println("pending: " + login);
            System.out.println("authorization URL: " + login.authorizationUrl());
            HeadlessBrowser.Visit visit = HeadlessBrowser.follow(login.authorizationUrl());
            redirectedTo = visit.finalUrl(); // carries the authorization code: never printed
            System.out.println("landing page status: " + visit.status());
            result = login.result().orTimeout(30, TimeUnit.SECONDS).join();
            show("replaying the callback", () -> login.completeWithRedirectUrl(redirectedTo).orTimeout(10, TimeUnit.SECONDS).join());
        }
        StoredCredentials first = result.credentials();
        System.out.println("result: " + result);
        System.out.println("credentials: " + first);
        System.out.println("tokens: " + first.tokens());
        System.out.println("client: " + first.client());

        RefreshRaceWorker.SteppedClock clock = new RefreshRaceWorker.SteppedClock();
        TokenManager manager = TokenManager.builder(store).clock(clock).build();
        for (int round = 1; round <= 2; round++) {
            clock.set(RefreshRaceWorker.ROUND.multipliedBy(round));
            manager.accessToken(first.key());
            System.out.println("refresh round " + round + ": " + manager.credentials(first.key()).orElseThrow());
        }

        TokenClient tokens = new TokenClient(dev.mcpoauth.http.HttpTransport.defaults(), Clock.systemUTC());
        TokenEndpoint endpoint = new TokenEndpoint(first.tokenEndpoint(), first.issuer(), first.client(),
                ResourceUri.of(first.resource()));
        String code = CallbackParameters.parseUrl(redirectedTo).get("code").orElseThrow();
        show("exchanging a used authorization code", () -> tokens.exchangeCode(endpoint, code,
                URI.create(redirectedTo.getScheme() + "://" + redirectedTo.getRawAuthority() + redirectedTo.getRawPath()),
                "v".repeat(43)));
        show("refreshing with a rotated-away refresh token", () -> tokens.refresh(endpoint, first.tokens()));

        try (PendingLogin second = flow.start(LoginRequest.builder("docs", mcpUrl).timeout(Duration.ofSeconds(30)).build())) {
            URI forged = URI.create(second.redirectUri() + "?code=" + code + "&state=forged-state");
            show("a pasted redirect with a forged state", () -> second.completeWithRedirectUrl(forged).orTimeout(10, TimeUnit.SECONDS).join());
            second.cancel("test over");
        }

        AuthorizationSession session = AuthorizationSession.create(AuthorizationSession.Settings.builder(
                URI.create(first.issuer() + "/authorize"), first.issuer(), first.client().clientId(),
                URI.create("http://127.0.0.1:1/callback/x")).resource(ResourceUri.of(first.resource())).build());
        Files.writeString(sideFile, session.codeVerifier() + "\n", StandardCharsets.UTF_8);
        System.out.println("session: " + session);
        show("a callback with another state", () -> session.validate(CallbackParameters.parseQuery("code=" + code + "&state=other")));

        store.save(first); // a dead refresh token in the store: the manager must ask for a login
        clock.set(RefreshRaceWorker.ROUND.multipliedBy(10));
        TokenManager fresh = TokenManager.builder(store).clock(clock).build();
        show("refreshing a dead refresh token", () -> fresh.accessToken(first.key()));
        System.out.println("done");
    }

    private interface Action {
        Object run() throws Exception;
    }

    private static void show(String what, Action action) {
        try {
            Object value = action.run();
            System.out.println(what + ": no error (" + (value == null ? "null" : value.getClass().getSimpleName()) + ")");
        } catch (Exception e) {
            Throwable t = e;
            if (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
                t = e.getCause();
            }
            String code = t instanceof McpOAuthException oauth ? oauth.code().code() : t.getClass().getSimpleName();
            System.out.println(what + ": " + code + ": " + t.getMessage());
            e.printStackTrace(System.out);
        }
    }

    static List<String> expectedErrorLines() {
        return List.of("exchanging a used authorization code: ", "refreshing with a rotated-away refresh token: ",
                "a pasted redirect with a forged state: ", "a callback with another state: ", "refreshing a dead refresh token: ");
    }
}

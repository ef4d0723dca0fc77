package dev.mcpoauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mcpoauth.testkit.HeadlessBrowser;
import dev.mcpoauth.testkit.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code mcp-oauth login} on a real terminal (tmux): the waiting indicator and the paste flow for remote logins. */
class TerminalLoginTest extends CliScenario {
    private Tmux tmux;

    @BeforeEach
    void requireTmux() {
        assumeTrue(Tmux.available(), "tmux is not installed (CI installs it: apt-get install -y tmux)");
    }

    @AfterEach
    void stopTmux() {
        if (tmux != null) {
            tmux.close();
        }
    }

    private TestServers startLogin(String... extra) {
        return startLogin(servers(), extra);
    }

    private TestServers startLogin(TestServers servers, String... extra) {
        configDocs(servers, "");
        String[] args = new String[4 + extra.length];
        args[0] = "login";
        args[1] = "docs";
        args[2] = "--no-browser";
        args[3] = "--timeout=60";
        System.arraycopy(extra, 0, args, 4, extra.length);
        tmux = Tmux.start(home, cli.commandLine(args), cli.environment());
        tmux.awaitText("Paste the redirect URL here");
        return servers;
    }

    /** The newest authorization URL on the screen. */
    private URI authorizationUrl() {
        List<String> lines = tmux.lines();
        for (int i = lines.size() - 2; i >= 0; i--) {
            if (lines.get(i).startsWith("Authorize `docs` by opening this URL in your browser:")) {
                return URI.create(lines.get(i + 1).strip());
            }
        }
        throw new AssertionError("no authorization URL on the screen:\n" + tmux.screen());
    }

    /** What the browser's address bar shows after approving: the redirect, not followed. */
    private static URI finalRedirect(URI authorizationUrl) throws IOException, InterruptedException {
        HttpResponse<Void> response = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(authorizationUrl).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(302);
        return authorizationUrl.resolve(response.headers().firstValue("location").orElseThrow());
    }

    @Nested
    class WaitingIndicator {
        @Test
        void showsTheElapsedTimeAboveThePromptUntilTheBrowserReturns() {
            startLogin();
            String screen = tmux.await(s -> s.matches("(?s).*Waiting for authorization in the browser\\.\\.\\. 0:0[2-9].*"),
                    Duration.ofSeconds(20), "an elapsed time of 2 s or more");
            List<String> lines = List.of(screen.split("\n"));
            int prompt = lines.size() - 1;
            assertThat(lines.get(prompt)).startsWith("Paste the redirect URL here (or wait for the browser):");
            assertThat(lines.get(prompt - 1)).containsPattern("^. Waiting for authorization in the browser\\.\\.\\. 0:0\\d  \\(Ctrl-C to cancel\\)$");
            assertThat(lines.get(prompt - 3)).isEqualTo("Logging in from another machine (SSH, container, remote dev box)?"
                    + " Open the URL there and approve;");
            assertThat(lines.get(prompt - 2)).isEqualTo("the browser then fails to load a 127.0.0.1 page: copy that page's"
                    + " address and paste it below.");

            HeadlessBrowser.follow(authorizationUrl());
            String done = tmux.awaitText("[exit 0]");
            assertThat(done).containsPattern("\nAuthorization received after 0:0\\d\\.\nSuccessfully logged in to MCP server 'docs'\\.\n");
            assertThat(done).doesNotContain("Paste the redirect URL here");
        }

        @Test
        void isClearedWhenCtrlCCancels() {
            startLogin();
            tmux.sendKey("C-c");
            String done = tmux.awaitText("[exit 130]");
            assertThat(done).contains("\nLogin cancelled.\n");
        }
    }

    @Nested
    class PastedRedirectUrl {
        @Test
        void completesTheLoginWithoutTheLoopbackListener() throws Exception {
            startLogin();
            URI redirect = finalRedirect(authorizationUrl());
            tmux.typeLine(redirect.toString());
            String done = tmux.awaitText("[exit 0]");
            assertThat(done).contains("Completing the login with the pasted address...\n")
                    .containsPattern("Authorization received after 0:\\d\\d\\.\n")
                    .contains("Successfully logged in to MCP server 'docs'.\nGranted scopes: mcp:read mcp:write\n");
        }

        @Test
        void explainsWhatToPasteAndAsksAgain() throws Exception {
            startLogin();
            tmux.typeLine("the page says connection refused");
            String screen = tmux.awaitText("That does not look like the redirect address.");
            assertThat(screen.stripTrailing()).endsWith("Paste the redirect URL here (or wait for the browser):");
            tmux.typeLine(finalRedirect(authorizationUrl()).toString());
            assertThat(tmux.awaitText("[exit 0]")).contains("Successfully logged in to MCP server 'docs'.");
        }

        @Test
        void keepsReadingPastedAddressesWhenTheLoginIsRetriedWithoutScopes() throws Exception {
            startLogin(servers(b -> b.challengeScope("mcp:admin").rejectUnknownScopes(true)));
            URI first = authorizationUrl();
            tmux.typeLine(finalRedirect(first).toString());
            tmux.await(screen -> screen.contains("retrying once without requesting scopes.")
                    && screen.endsWith("Paste the redirect URL here (or wait for the browser):"), Duration.ofSeconds(30),
                    "the retry's prompt");
            URI second = authorizationUrl();
            assertThat(second).isNotEqualTo(first);
            assertThat(queryParam(second, "scope")).isNull();
            tmux.typeLine(finalRedirect(second).toString());
            assertThat(tmux.awaitText("[exit 0]")).contains("Successfully logged in to MCP server 'docs'.");
        }

        @Test
        void refusesTheRedirectOfAnotherLogin() throws Exception {
            startLogin();
            URI redirect = finalRedirect(authorizationUrl());
            String forged = redirect.toString().replaceFirst("state=[^&]+", "state=someone-elses-state");
            tmux.typeLine(forged);
            tmux.awaitText("That address belongs to another login: its `state` does not match this one.");
            tmux.typeLine(redirect.toString());
            assertThat(tmux.awaitText("[exit 0]")).contains("Successfully logged in to MCP server 'docs'.");
        }
    }
}

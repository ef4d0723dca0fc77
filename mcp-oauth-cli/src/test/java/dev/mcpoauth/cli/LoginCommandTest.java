package dev.mcpoauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.testkit.HeadlessBrowser;
import dev.mcpoauth.testkit.TestServers;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code mcp-oauth login NAME}, run as a subprocess against the test servers. */
class LoginCommandTest extends CliScenario {

    @Nested
    class Headless {
        @Test
        void printsTheReferenceMessageThenSucceedsWithScopesAndExpiry() {
            TestServers servers = servers();
            configDocs(servers, "");
            CliRunner.Result result = login("docs");
            assertThat(result.stdout()).startsWith("Authorize `docs` by opening this URL in your browser:\n"
                    + servers.issuer() + "/authorize?");
            assertThat(result.stdout()).containsPattern("\nSuccessfully logged in to MCP server 'docs'.\n"
                    + "Granted scopes: mcp:read mcp:write\n"
                    + "Access token expires in (59|60) min \\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\); it is refreshed automatically.\n$");
            assertThat(result.stderr()).isEmpty();
            assertThat(home.resolve("credentials.json")).exists();
        }

        @Test
        void aSecondLoginDiscoversNothingAgainWhileTheMetadataIsFresh() throws IOException {
            TestServers servers = servers();
            configDocs(servers, "");
            assertThat(login("docs").exitCode()).isZero();
            assertThat(login("docs").exitCode()).isZero();

            assertThat(servers.count("POST", servers.mcpUrl().getPath())).as("unauthenticated probes").isOne();
            assertThat(servers.count("GET", "/.well-known/oauth-authorization-server")).isOne();
            Path cache = home.resolve("discovery-cache.json");
            assertThat(Files.readString(cache)).contains(servers.issuer()).doesNotContain("access_token");
            if (Files.getFileStore(home).supportsFileAttributeView("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rw-------");
            }
        }

        @Test
        void failsWithCallbackTimeoutWhenNobodyApproves() {
            TestServers servers = servers();
            configDocs(servers, "");
            CliRunner.Result result = cli.run("login", "docs", "--no-browser", "--timeout", "1");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(result.stderr()).isEqualTo("error: callback_timeout: no authorization arrived for 'docs' within 1 s\n"
                    + "hint: Start the login again and complete it in the browser before it times out.\n");
        }

        @Test
        void reportsADenialWithTheAuthorizationDeniedCode() {
            TestServers servers = servers(b -> b.authorizeError("access_denied"));
            configDocs(servers, "");
            try (CliRunner.Running running = cli.start("login", "docs", "--no-browser")) {
                HeadlessBrowser.follow(running.awaitAuthorizationUrl());
                CliRunner.Result result = running.await();
                assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
                assertThat(result.stderr()).startsWith("error: authorization_denied: the authorization server answered `access_denied`");
                assertThat(result.stderr()).doesNotContain("\tat ");
            }
        }

        @Test
        void reportsABrokenServerSetupWithExitCode5() {
            TestServers servers = servers(b -> b.metadataIssuerOverride("https://evil.example"));
            configDocs(servers, "");
            CliRunner.Result result = cli.run("login", "docs", "--no-browser");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_SETUP);
            assertThat(result.stderr()).startsWith("error: issuer_mismatch: ");
            assertThat(result.stderr().lines()).hasSize(2);
        }
    }

    @Nested
    class Scopes {
        private URI authorizationUrl(TestServers servers, String configExtra, String... options) {
            configDocs(servers, configExtra);
            String[] args = new String[3 + options.length];
            args[0] = "login";
            args[1] = "docs";
            args[2] = "--no-browser";
            System.arraycopy(options, 0, args, 3, options.length);
            try (CliRunner.Running running = cli.start(args)) {
                return running.awaitAuthorizationUrl();
            }
        }

        @Test
        void requestsTheDiscoveredScopesByDefault() {
            assertThat(queryParam(authorizationUrl(servers(), ""), "scope")).isEqualTo("mcp:read mcp:write");
        }

        @Test
        void prefersTheConfiguredScopes() {
            assertThat(queryParam(authorizationUrl(servers(), "scopes = [\"mcp:read\"]\n"), "scope")).isEqualTo("mcp:read");
        }

        @Test
        void takesAConfiguredEmptyListAsRequestNone() {
            assertThat(queryParam(authorizationUrl(servers(), "scopes = []\n"), "scope")).isNull();
        }

        @Test
        void prefersTheCommandLineOverTheConfig() {
            URI url = authorizationUrl(servers(), "scopes = [\"mcp:read\"]\n", "--scopes", "mcp:write");
            assertThat(queryParam(url, "scope")).isEqualTo("mcp:write");
        }

        @Test
        void retriesOnceWithoutScopesWhenDiscoveredOnesAreRejected() {
            TestServers servers = servers(b -> b.challengeScope("mcp:admin").rejectUnknownScopes(true));
            configDocs(servers, "");
            try (CliRunner.Running running = cli.start("login", "docs", "--no-browser", "--timeout", "30")) {
                URI first = running.awaitAuthorizationUrl();
                assertThat(queryParam(first, "scope")).isEqualTo("mcp:admin");
                HeadlessBrowser.follow(first);
                URI second = running.awaitAuthorizationUrl();
                assertThat(queryParam(second, "scope")).isNull();
                HeadlessBrowser.follow(second);
                CliRunner.Result result = running.await();
                assertThat(result.exitCode()).as(result.toString()).isZero();
                assertThat(result.stdout()).contains("\nThe server rejected the scopes discovery suggested (invalid_scope);"
                        + " retrying once without requesting scopes.\n");
            }
        }

        @Test
        void doesNotRetryWhenTheRejectedScopesWereAskedFor() {
            TestServers servers = servers(b -> b.rejectUnknownScopes(true));
            configDocs(servers, "");
            try (CliRunner.Running running = cli.start("login", "docs", "--no-browser", "--scopes", "mcp:admin")) {
                HeadlessBrowser.follow(running.awaitAuthorizationUrl());
                CliRunner.Result result = running.await();
                assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
                assertThat(result.stderr()).startsWith("error: authorization_denied: the authorization server answered `invalid_scope`");
                assertThat(result.stdout()).doesNotContain("retrying");
            }
        }
    }

    @Nested
    class ClientIdentity {
        @Test
        void usesThePreRegisteredClientAndItsSecretForLoginAndRefresh() {
            TestServers servers = servers(b -> b.preRegisteredClient("docs-client", "s3cret").dcr(false).cimd(false)
                    .accessTokenLifetime(Duration.ofSeconds(20)));
            configDocs(servers, "\n[mcp_servers.docs.oauth]\nclient_id = \"docs-client\"\nclient_secret_env = \"DOCS_SECRET\"\n");
            cli.env("DOCS_SECRET", "s3cret");
            login("docs");
            assertThat(servers.issuedTokens()).extracting(t -> t.clientId()).containsExactly("docs-client");
            CliRunner.Result token = cli.run("token", "docs");
            assertThat(token.exitCode()).as(token.toString()).isZero();
            assertThat(servers.issuedTokens()).hasSize(2);
            assertThat(token.stdout().strip()).isEqualTo(servers.issuedTokens().get(1).accessToken());
            assertThat(servers.count("POST", "/register")).isZero();
        }

        @Test
        void stopsWhenTheSecretVariableIsNotSet() {
            TestServers servers = servers(b -> b.preRegisteredClient("docs-client", "s3cret"));
            configDocs(servers, "\n[mcp_servers.docs.oauth]\nclient_id = \"docs-client\"\nclient_secret_env = \"DOCS_SECRET\"\n");
            CliRunner.Result result = cli.run("login", "docs", "--no-browser");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.stderr()).isEqualTo("error: missing_secret: the client secret of 'docs' comes from the environment"
                    + " variable DOCS_SECRET, which is not set\n"
                    + "hint: Set DOCS_SECRET (see `[mcp_servers.docs.oauth]` in " + cli.configFile() + ").\n");
            assertThat(servers.requests()).isEmpty();
        }

        @Test
        void usesACallbackScopedMetadataUrlFromTheBase() {
            TestServers servers = servers();
            configDocs(servers, "");
            try (CliRunner.Running running = cli.start("login", "docs", "--no-browser",
                    "--client-metadata-url-base", servers.clientMetadataBase() + "/")) {
                URI url = running.awaitAuthorizationUrl();
                assertThat(queryParam(url, "client_id")).startsWith(servers.clientMetadataBase() + "/").contains("/client.json?redirect_uri=");
                HeadlessBrowser.follow(url);
                assertThat(running.await().exitCode()).isZero();
            }
            assertThat(servers.count("POST", "/register")).isZero();
        }

        @Test
        void refusesAnUnknownRegistrationMode() {
            TestServers servers = servers();
            configDocs(servers, "");
            CliRunner.Result result = cli.run("login", "docs", "--registration", "magic");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.stderr()).startsWith(
                    "error: invalid_input: invalid client registration mode `magic`: expected one of auto, cimd, dcr\n");
        }
    }

    @Nested
    class Browser {
        private Path recordingBrowser(int exitStatus) throws IOException {
            Path script = home.resolve("browser.sh");
            Files.writeString(script, "#!/bin/sh\nprintf '%s' \"$1\" > " + home.resolve("opened.txt") + "\nexit " + exitStatus + "\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            return script;
        }

        @Test
        void opensTheAuthorizationUrlWithTheBrowserVariable() throws Exception {
            TestServers servers = servers();
            configDocs(servers, "");
            cli.env("BROWSER", recordingBrowser(0).toString());
            try (CliRunner.Running running = cli.start("login", "docs", "--timeout", "30")) {
                URI printed = running.awaitAuthorizationUrl();
                Path opened = home.resolve("opened.txt");
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!Files.exists(opened) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(Files.readString(opened)).isEqualTo(printed.toString());
                HeadlessBrowser.follow(printed);
                CliRunner.Result result = running.await();
                assertThat(result.exitCode()).isZero();
                assertThat(result.stderr()).isEmpty();
            }
        }

        @Test
        void warnsWhenNoBrowserStartsAndKeepsWaiting() {
            TestServers servers = servers();
            configDocs(servers, "");
            cli.env("BROWSER", "/nonexistent/browser");
            try (CliRunner.Running running = cli.start("login", "docs", "--timeout", "30")) {
                HeadlessBrowser.follow(running.awaitAuthorizationUrl());
                CliRunner.Result result = running.await();
                assertThat(result.exitCode()).isZero();
                assertThat(result.stderr()).isEqualTo("warning: could not open a browser: cannot run `/nonexistent/browser`"
                        + " (not installed); open the URL above yourself.\n");
            }
        }

        @Test
        void opensNothingWithNoBrowser() throws IOException {
            TestServers servers = servers();
            configDocs(servers, "");
            cli.env("BROWSER", recordingBrowser(0).toString());
            login("docs");
            assertThat(home.resolve("opened.txt")).doesNotExist();
        }
    }
}

package dev.mcpoauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.testkit.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The command line as a whole: help, usage errors, config files, the credential store, demo, app server. */
class CommandLineTest extends CliScenario {

    @Nested
    class Help {
        @Test
        void listsEveryCommandAndTheExitCodes() {
            CliRunner.Result result = cli.run("--help");
            assertThat(result.exitCode()).isZero();
            for (String command : Commands.names()) {
                if (command.equals("conformance-client")) {
                    assertThat(result.stdout()).as("hidden command").doesNotContain(command);
                    continue;
                }
                assertThat(result.stdout()).containsPattern("\n  " + command + "\\s+\\S");
            }
            assertThat(result.stdout()).contains("\nExit codes:\n  0     success\n")
                    .contains("\n  3     login required (run `mcp-oauth login NAME`)\n")
                    .contains("\n  4     network error (server unreachable or too slow)\n");
        }

        @Test
        void versionPrintsWhatPicocliPrintsForIt() {
            // `--version` alone takes a short cut past the command model; with another option it goes through picocli.
            CliRunner.Result quick = cli.run("--version");
            CliRunner.Result shortOption = cli.run("-V");
            CliRunner.Result throughPicocli = cli.run("--verbose", "--version");
            assertThat(throughPicocli.exitCode()).isZero();
            assertThat(throughPicocli.stdout()).startsWith("mcp-oauth ").endsWith("\n").hasLineCount(1);
            for (CliRunner.Result result : new CliRunner.Result[] {quick, shortOption}) {
                assertThat(result.exitCode()).isZero();
                assertThat(result.stdout()).isEqualTo(throughPicocli.stdout());
                assertThat(result.stderr()).isEqualTo(throughPicocli.stderr()).isEmpty();
            }
        }

        @Test
        void showsTheOptionsOfACommand() {
            CliRunner.Result result = cli.run("login", "--help");
            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).startsWith("Usage: mcp-oauth login ")
                    .contains("--scopes=a,b").contains("--client-metadata-url-base=URL").contains("--registration=MODE")
                    .contains("--callback-port=N").contains("--callback-url=URL").contains("--no-browser")
                    .contains("--timeout=SECONDS").contains("--config=FILE").contains("--verbose");
        }

        @Test
        void printsACompletionScriptForBashAndZsh() {
            CliRunner.Result result = cli.run("completion");
            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).contains("complete -F").contains("bashcompinit")
                    .contains("login").contains("doctor").contains("--client-metadata-url-base");
        }
    }

    @Nested
    class UsageErrors {
        @Test
        void anUnknownCommandGetsASuggestion() {
            CliRunner.Result result = cli.run("lgout", "docs");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.stderr()).isEqualTo("error: usage: unknown command `lgout`\n"
                    + "hint: Did you mean `logout`? Run `mcp-oauth --help` to see the commands.\n");
            assertThat(result.stdout()).isEmpty();
        }

        @Test
        void anUnknownOptionGetsASuggestion() {
            CliRunner.Result result = cli.run("list", "--jsn");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.stderr()).isEqualTo("error: usage: Unknown option: '--jsn'\n"
                    + "hint: Did you mean `--json`? Run `mcp-oauth list --help` to see the options.\n");
        }

        @Test
        void noCommandShowsTheUsageOnStderr() {
            CliRunner.Result result = cli.run();
            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.stdout()).isEmpty();
            assertThat(result.stderr()).startsWith("Usage: mcp-oauth ").endsWith("error: usage: no command given\n"
                    + "hint: Run `mcp-oauth COMMAND`, e.g. `mcp-oauth list`.\n");
        }

        @Test
        void aStdioServerGetsTheReferenceMessage() {
            cli.config("[mcp_servers.files]\ncommand = \"npx\"\n");
            CliRunner.Result result = cli.run("login", "files");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.stderr()).isEqualTo("error: not_http: OAuth login is only supported for streamable HTTP servers.\n"
                    + "hint: 'files' is a stdio server (it has a `command`, no `url`); it needs no login.\n");
        }

        @Test
        void anInvalidConfigFileIsOneLineAndAHint() {
            cli.config("[mcp_servers.docs]\nurl = 3\n");
            CliRunner.Result result = cli.run("list");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.stderr()).isEqualTo("error: invalid_input: config file `" + cli.configFile()
                    + "`: `mcp_servers.docs.url` must be a string\nhint: Fix the file and try again.\n");
        }
    }

    @Nested
    class Config {
        @Test
        void readsAReferenceHostsConfigAsIs() throws Exception {
            TestServers servers = servers();
            Path reference = home.resolve("reference/config.toml");
            Files.createDirectories(reference.getParent());
            Files.writeString(reference, "model = \"gpt-5\"\nmodel_reasoning_effort = \"high\"\n"
                    + "mcp_oauth_credentials_store = \"file\"\n\n[profiles.fast]\nmodel = \"gpt-5-mini\"\n\n"
                    + "[mcp_servers.docs]\nurl = \"" + servers.mcpUrl() + "\"\nstartup_timeout_sec = 20\n\n"
                    + "[mcp_servers.files]\ncommand = \"npx\"\nargs = [\"-y\", \"server-filesystem\"]\nenv = { \"DEBUG\" = \"1\" }\n\n"
                    + "[tools]\nweb_search = true\n");
            CliRunner.Result result = cli.run("--config", reference.toString(), "list");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).containsPattern("docs +\\S+ +Not logged in").containsPattern("files +\\(stdio\\) npx +Unsupported");
            assertThat(cli.run("list", "--config", reference.toString()).stdout()).isEqualTo(result.stdout());
        }

        @Test
        void fallsBackToTheFileStoreWithAWarningWhenNoKeyringAnswers() {
            TestServers servers = servers();
            cli.config("[mcp_servers.docs]\nurl = \"" + servers.mcpUrl() + "\"\n");
            CliRunner.Result result = cli.run("logout", "docs");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stderr()).startsWith("warning: ").contains("credentials.json");
            assertThat(result.stdout()).isEqualTo("No OAuth credentials stored for 'docs'.\n");
        }
    }

    @Nested
    class OtherCommands {
        @Test
        void demoLogsInTwiceAndCallsATool() {
            CliRunner.Result result = cli.run("demo");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).contains("Successfully logged in to MCP server 'demo-cimd'.")
                    .contains("Successfully logged in to MCP server 'demo-dcr'.")
                    .endsWith("Done: two logins and one authenticated tool call. Nothing was written to disk.\n");
        }

        @Test
        void appServerSpeaksJsonRpcOnStdio() {
            cli.config("mcp_oauth_credentials_store = \"file\"\n[mcp_servers.files]\ncommand = \"npx\"\n");
            try (CliRunner.Running running = cli.start("app-server")) {
                running.write("{\"id\":1,\"method\":\"mcpServerStatus/list\",\"params\":{}}\n");
                String line = running.awaitLine(l -> l.contains("\"id\":1"));
                assertThat(line).contains("\"name\":\"files\"").contains("\"authStatus\":\"unsupported\"");
            }
        }
    }
}

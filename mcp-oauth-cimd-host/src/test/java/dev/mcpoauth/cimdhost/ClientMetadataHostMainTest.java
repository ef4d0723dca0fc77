package dev.mcpoauth.cimdhost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.authorize.CallbackId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientMetadataHostMainTest {
    static final String ID = "8t06V3nLEwB8";
    static final String REDIRECT = "http://127.0.0.1:4321/callback/" + ID;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(Map<String, String> env, Consumer<ClientMetadataHost> serve, String... args) {
        return ClientMetadataHostMain.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), serve);
    }

    int run(String... args) {
        return run(Map.of(), host -> { }, args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class Serves {
        @Test
        void callbackScopedDocumentsAndLogsEachRequest() {
            List<TestHttp.Response> responses = new ArrayList<>();
            int code = run(Map.of(), host -> {
                try {
                    responses.add(TestHttp.get("http://127.0.0.1:" + host.port()
                            + ClientMetadataHostTest.target("https://apps.example.com/oauth/", ID, REDIRECT)));
                    responses.add(TestHttp.get("http://127.0.0.1:" + host.port() + "/nowhere"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "--listen", "127.0.0.1:0", "--public-base", "https://apps.example.com/oauth/", "--client-name=Acme");

            assertThat(code).isZero();
            assertThat(responses.get(0).status()).isEqualTo(200);
            assertThat(responses.get(0).json().get("client_name").textValue()).isEqualTo("Acme");
            List<String> lines = out().lines().toList();
            assertThat(lines.get(0)).matches("Serving client metadata documents on http://127\\.0\\.0\\.1:\\d+"
                    + " for the public base https://apps\\.example\\.com/oauth/");
            assertThat(lines.get(1)).isEqualTo(
                    "Clients log in with: mcp-oauth login NAME --client-metadata-url-base https://apps.example.com/oauth/");
            assertThat(lines.get(2)).isEqualTo("Press Ctrl-C to stop.");
            assertThat(lines.get(3)).isEqualTo("200 GET " + ClientMetadataHostTest.target("https://apps.example.com/oauth/", ID, REDIRECT));
            assertThat(lines.get(4)).startsWith("404 GET /nowhere -> not_found: ");
            assertThat(err()).isEmpty();
        }

        @Test
        void httpsWithTheKeystorePasswordFromTheEnvironment() throws Exception {
            TestCertificates certs = TestCertificates.shared();
            List<Integer> statuses = new ArrayList<>();
            int code = run(Map.of("HOST_KEYSTORE_PASSWORD", new String(certs.password())), host -> {
                try {
                    statuses.add(TestHttp.get(certs.clientContext(), "https://localhost:" + host.port()
                            + ClientMetadataHostTest.target("https://localhost/oauth", ID, REDIRECT)).status());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "--listen", "127.0.0.1:0", "--public-base", "https://localhost/oauth",
                    "--tls-keystore", certs.serverKeystore().toString(), "--tls-password-env", "HOST_KEYSTORE_PASSWORD");

            assertThat(code).isZero();
            assertThat(statuses).containsExactly(200);
            assertThat(out()).startsWith("Serving client metadata documents on https://127.0.0.1:");
        }

        @Test
        void aFixedDocument(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("client.json"),
                    "{\"client_id\":\"https://apps.example.com/client.json\",\"redirect_uris\":[\"http://127.0.0.1:3000/cb\"]}");
            List<Integer> statuses = new ArrayList<>();
            int code = run(Map.of(), host -> {
                try {
                    statuses.add(TestHttp.get("http://127.0.0.1:" + host.port() + "/client.json").status());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "--listen", "127.0.0.1:0", "--public-base", "https://apps.example.com", "--fixed-document", file.toString());

            assertThat(code).isZero();
            assertThat(statuses).containsExactly(200);
            assertThat(out()).startsWith("Serving the fixed client metadata document https://apps.example.com/client.json on http://127.0.0.1:");
        }

        @Test
        void helpPrintsTheOptions() {
            assertThat(run("--help")).isZero();
            assertThat(out()).startsWith("Usage: ClientMetadataHostMain --listen HOST:PORT --public-base URL [options]");
            assertThat(out()).contains("--tls-password-env VAR", "--allow-redirect URI", "--fixed-document FILE");
        }
    }

    @Nested
    class RefusesBadInputWithTwoLinesAndExitCode2 {
        void assertUsage(int code, String error, String hint) {
            assertThat(code).isEqualTo(2);
            assertThat(err()).isEqualTo("error: " + error + System.lineSeparator() + "hint: " + hint + System.lineSeparator());
            assertThat(out()).isEmpty();
        }

        @Test
        void aMissingListenAddress() {
            assertUsage(run("--public-base", "https://apps.example.com/"), "usage: --listen is required",
                    "Add e.g. --listen 127.0.0.1:8443.");
        }

        @Test
        void aMissingPublicBase() {
            assertUsage(run("--listen", "127.0.0.1:0"), "usage: --public-base is required",
                    "Add the external base URL clients use, e.g. --public-base https://apps.example.com/mcp-oauth/.");
        }

        @Test
        void anUnknownOptionOrAStrayArgument() {
            assertUsage(run("--listen", "127.0.0.1:0", "--port", "1"), "usage: unknown option --port",
                    "Run with --help for the options.");
        }

        @Test
        void anOptionWithoutValue() {
            assertUsage(run("--listen"), "usage: option --listen needs a value", "Run with --help for the options.");
        }

        @Test
        void aKeystoreWithoutPasswordVariable() {
            assertUsage(run("--listen", "127.0.0.1:0", "--public-base", "https://a.example/", "--tls-keystore", "k.p12"),
                    "usage: --tls-keystore and --tls-password-env go together",
                    "Give both, e.g. --tls-keystore host.p12 --tls-password-env HOST_KEYSTORE_PASSWORD.");
        }

        @Test
        void aPasswordVariableThatIsNotSet() {
            assertUsage(run("--listen", "127.0.0.1:0", "--public-base", "https://a.example/", "--tls-keystore", "k.p12",
                            "--tls-password-env", "NOT_SET_VAR"),
                    "usage: the environment variable NOT_SET_VAR (named by --tls-password-env) is not set",
                    "Export the keystore password in NOT_SET_VAR before starting the host.");
        }

        @Test
        void aPublicBaseWithAQuery() {
            assertUsage(run("--listen", "127.0.0.1:0", "--public-base", "https://a.example/oauth?x=1"),
                    "invalid_input: invalid MCP OAuth client metadata URL base `https://a.example/oauth?x=1`: query is not allowed",
                    "Check the value and try again.");
        }

        @Test
        void aBadListenAddress() {
            assertUsage(run("--listen", "localhost", "--public-base", "https://a.example/"),
                    "invalid_input: invalid listen address `localhost`: expected HOST:PORT, e.g. 127.0.0.1:8443",
                    "Check the value and try again.");
        }

        @Test
        void aNegativeCacheLifetime() {
            assertUsage(run("--listen", "127.0.0.1:0", "--public-base", "https://a.example/", "--cache-max-age", "-1"),
                    "usage: --cache-max-age must be a number of seconds, 0 or more, not `-1`",
                    "Leave it out for the default of 3600.");
        }

        @Test
        void optionsThatDoNotApplyToAFixedDocument() {
            assertUsage(run("--listen", "127.0.0.1:0", "--public-base", "https://a.example/", "--fixed-document", "c.json",
                            "--allow-redirect", "https://x.example/cb"),
                    "usage: --client-name and --allow-redirect do not apply with --fixed-document",
                    "The fixed document is served as is; put the name and redirect URIs into the file.");
        }

        @Test
        void anOptionGivenTwice() {
            assertUsage(run("--listen", "127.0.0.1:0", "--listen", "127.0.0.1:1"),
                    "usage: option --listen is given twice", "Run with --help for the options.");
        }
    }

    @Test
    void theCallbackIdOfTheTestsIsCoresOwn() {
        assertThat(CallbackId.of("http://127.0.0.1:4321/mcp").value()).isEqualTo(ID);
    }
}

package dev.mcpoauth.cimdhost;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Runs a {@link ClientMetadataHost} from the command line until it is stopped (Ctrl-C, SIGTERM):
 *
 * <pre>
 * java -cp mcp-oauth-cimd-host.jar:... dev.mcpoauth.cimdhost.ClientMetadataHostMain \
 *     --listen 127.0.0.1:8443 --public-base https://apps.example.com/mcp-oauth/ \
 *     --tls-keystore host.p12 --tls-password-env HOST_KEYSTORE_PASSWORD
 * </pre>
 *
 * <p>Prints where it serves, then one access-log line per request on standard output. Bad input
 * gives two lines on standard error, {@code error: <code>: <detail>} and {@code hint: <what to do>},
 * and exit code 2; any other failure exit code 1. The keystore password is read from the environment
 * variable named by {@code --tls-password-env}, never from the command line (where {@code ps} shows it).
 * {@code mcp-oauth serve-client-metadata} takes the same options.
 */
public final class ClientMetadataHostMain {
    /** Exit code for bad options or values, as {@code mcp-oauth} uses it. */
    static final int EXIT_USAGE = 2;
    /** Exit code for any other failure. */
    static final int EXIT_FAILURE = 1;
    /**
     * Seconds the JDK server allows for reading one request and writing one response, so a client that
     * trickles bytes cannot hold a connection forever (the JDK's default is no limit).
     */
    static final String EXCHANGE_TIME_LIMIT_SECONDS = "10";

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: ClientMetadataHostMain --listen HOST:PORT --public-base URL [options]",
            "Serves OAuth Client ID Metadata Documents at callback-scoped client_id URLs under the public base.",
            "",
            "  --listen HOST:PORT       address to listen on, e.g. 127.0.0.1:8443 (0.0.0.0:8080 behind a proxy)",
            "  --public-base URL        external base URL; clients use it as --client-metadata-url-base",
            "  --tls-keystore FILE      serve https with the key and certificate in this PKCS#12 or JKS keystore",
            "  --tls-password-env VAR   environment variable holding the keystore password",
            "  --allow-redirect URI     also serve documents for this redirect URI, or it + /CALLBACK_ID (repeatable)",
            "  --fixed-document FILE    serve this static client.json instead of callback-scoped documents",
            "  --client-name NAME       client_name of callback-scoped documents (default: mcp-oauth)",
            "  --cache-max-age SECONDS  Cache-Control max-age of documents (default: 3600)",
            "  -h, --help               show this help");

    private ClientMetadataHostMain() {
    }

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err, ClientMetadataHostMain::serveUntilStopped);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Parses the options, starts the host, hands it to {@code serve} (which returns when the host
     * should stop) and closes it.
     *
     * @return the exit code
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
                   Consumer<ClientMetadataHost> serve) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            return fail(err, "usage", e.getMessage(), e.hint, EXIT_USAGE);
        }
        if (options.help) {
            out.println(USAGE);
            out.flush();
            return 0;
        }
        try {
            serve(options.toBuilder(env), out, serve);
            return 0;
        } catch (UsageException e) {
            return fail(err, "usage", e.getMessage(), e.hint, EXIT_USAGE);
        } catch (McpOAuthException e) {
            return fail(err, e.code().code(), e.detail(), e.hint(),
                    e.code() == ErrorCode.INVALID_INPUT ? EXIT_USAGE : EXIT_FAILURE);
        } catch (RuntimeException e) {
            return fail(err, "internal", "unexpected " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), "Report this if it persists.", EXIT_FAILURE);
        }
    }

    /**
     * Starts the host, prints where it serves and then one access-log line per request on
     * {@code out}, and blocks until the JVM shuts down (Ctrl-C, SIGTERM), when it closes the host. For
     * commands that take these options themselves, such as {@code mcp-oauth serve-client-metadata}.
     * Replaces the builder's {@link RequestListener}. Unless already set, sets the JDK server's
     * per-exchange time limits ({@code sun.net.httpserver.maxReqTime} and {@code maxRspTime}) to
     * 10 s, so a client trickling bytes cannot hold a connection; they take effect when no JDK HTTP
     * server ran in this JVM before.
     *
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} when the host cannot start (see
     *     {@link ClientMetadataHost#start()})
     */
    public static void serve(ClientMetadataHost.Builder builder, PrintStream out) {
        serve(builder, out, ClientMetadataHostMain::serveUntilStopped);
    }

    static void serve(ClientMetadataHost.Builder builder, PrintStream out, Consumer<ClientMetadataHost> whileServing) {
        for (String limit : new String[] {"sun.net.httpserver.maxReqTime", "sun.net.httpserver.maxRspTime"}) {
            if (System.getProperty(limit) == null) {
                System.setProperty(limit, EXCHANGE_TIME_LIMIT_SECONDS);
            }
        }
        try (ClientMetadataHost host = builder
                .requestListener(request -> {
                    out.println(request.toLogLine());
                    out.flush();
                })
                .build()
                .start()) {
            printBanner(out, host);
            whileServing.accept(host);
        }
    }

    private static void printBanner(PrintStream out, ClientMetadataHost host) {
        String scheme = host.tls() ? "https" : "http";
        String local = host.address().getAddress().getHostAddress();
        local = (local.contains(":") ? "[" + local + "]" : local) + ":" + host.port();
        Optional<String> fixed = host.fixedClientId();
        if (fixed.isPresent()) {
            out.println("Serving the fixed client metadata document " + fixed.get() + " on " + scheme + "://" + local);
        } else {
            out.println("Serving client metadata documents on " + scheme + "://" + local
                    + " for the public base " + host.publicBase() + "/");
            out.println("Clients log in with: mcp-oauth login NAME --client-metadata-url-base " + host.publicBase() + "/");
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    private static void serveUntilStopped(ClientMetadataHost host) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            stopped.countDown();
        }, "mcp-oauth-cimd-host-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int fail(PrintStream err, String code, String detail, String hint, int exit) {
        err.println("error: " + code + ": " + oneLine(detail));
        if (hint != null && !hint.isBlank()) {
            err.println("hint: " + oneLine(hint));
        }
        err.flush();
        return exit;
    }

    private static String oneLine(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').strip();
    }

    /** A bad command line: the message says what, the hint what to do. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String hint;

        UsageException(String message, String hint) {
            super(message);
            this.hint = hint;
        }
    }

    /** The parsed command line. */
    static final class Options {
        private static final String HELP_HINT = "Run with --help for the options.";

        String listen;
        String publicBase;
        String tlsKeystore;
        String tlsPasswordEnv;
        final List<String> allowRedirects = new ArrayList<>();
        String fixedDocument;
        String clientName;
        String cacheMaxAge;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                if (name.equals("-h") || name.equals("--help")) {
                    o.help = true;
                    continue;
                }
                if (!name.startsWith("--")) {
                    throw new UsageException("unexpected argument `" + arg + "`", HELP_HINT);
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("option " + name + " needs a value", HELP_HINT);
                    }
                    value = args[++i];
                }
                switch (name) {
                    case "--listen": o.listen = once(name, o.listen, value); break;
                    case "--public-base": o.publicBase = once(name, o.publicBase, value); break;
                    case "--tls-keystore": o.tlsKeystore = once(name, o.tlsKeystore, value); break;
                    case "--tls-password-env": o.tlsPasswordEnv = once(name, o.tlsPasswordEnv, value); break;
                    case "--allow-redirect": o.allowRedirects.add(value); break;
                    case "--fixed-document": o.fixedDocument = once(name, o.fixedDocument, value); break;
                    case "--client-name": o.clientName = once(name, o.clientName, value); break;
                    case "--cache-max-age": o.cacheMaxAge = once(name, o.cacheMaxAge, value); break;
                    default: throw new UsageException("unknown option " + name, HELP_HINT);
                }
            }
            if (o.help) {
                return o;
            }
            if (o.listen == null) {
                throw new UsageException("--listen is required", "Add e.g. --listen 127.0.0.1:8443.");
            }
            if (o.publicBase == null) {
                throw new UsageException("--public-base is required",
                        "Add the external base URL clients use, e.g. --public-base https://apps.example.com/mcp-oauth/.");
            }
            if ((o.tlsKeystore == null) != (o.tlsPasswordEnv == null)) {
                throw new UsageException("--tls-keystore and --tls-password-env go together",
                        "Give both, e.g. --tls-keystore host.p12 --tls-password-env HOST_KEYSTORE_PASSWORD.");
            }
            if (o.fixedDocument != null && (o.clientName != null || !o.allowRedirects.isEmpty())) {
                throw new UsageException("--client-name and --allow-redirect do not apply with --fixed-document",
                        "The fixed document is served as is; put the name and redirect URIs into the file.");
            }
            return o;
        }

        private static String once(String name, String previous, String value) {
            if (previous != null) {
                throw new UsageException("option " + name + " is given twice", HELP_HINT);
            }
            return value;
        }

        ClientMetadataHost.Builder toBuilder(Map<String, String> env) {
            ClientMetadataHost.Builder builder = ClientMetadataHost.builder(publicBase)
                    .listen(ListenAddress.parse(listen))
                    .allowRedirects(allowRedirects);
            if (clientName != null) {
                builder.clientName(clientName);
            }
            if (cacheMaxAge != null) {
                builder.cacheMaxAge(Duration.ofSeconds(parseSeconds(cacheMaxAge)));
            }
            if (fixedDocument != null) {
                builder.fixedDocument(Path.of(fixedDocument));
            }
            if (tlsKeystore != null) {
                String password = env.get(tlsPasswordEnv);
                if (password == null) {
                    throw new UsageException("the environment variable " + tlsPasswordEnv
                            + " (named by --tls-password-env) is not set",
                            "Export the keystore password in " + tlsPasswordEnv + " before starting the host.");
                }
                char[] chars = password.toCharArray();
                builder.tls(Path.of(tlsKeystore), chars);
                java.util.Arrays.fill(chars, '\0');
            }
            return builder;
        }

        private static long parseSeconds(String text) {
            try {
                long seconds = Long.parseLong(text.trim());
                if (seconds >= 0) {
                    return seconds;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException("--cache-max-age must be a number of seconds, 0 or more, not `" + text + "`",
                    "Leave it out for the default of 3600.");
        }
    }
}

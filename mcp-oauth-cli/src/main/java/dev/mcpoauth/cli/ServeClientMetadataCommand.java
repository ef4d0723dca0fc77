package dev.mcpoauth.cli;

import dev.mcpoauth.cimdhost.ClientMetadataHost;
import dev.mcpoauth.cimdhost.ClientMetadataHostMain;
import dev.mcpoauth.cimdhost.ListenAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcp-oauth serve-client-metadata}: serves the Client ID Metadata Documents behind the
 * callback-scoped client_id URLs that {@code login --client-metadata-url-base} uses, over the reusable
 * {@link ClientMetadataHost}. Runs until Ctrl-C or SIGTERM. See docs/client-metadata-host.md.
 */
@Command(name = "serve-client-metadata", mixinStandardHelpOptions = true,
        description = {
            "Serve OAuth Client ID Metadata Documents at callback-scoped client_id URLs under a public base URL.",
            "Clients then log in with --client-metadata-url-base <public base>. Runs until Ctrl-C.",
            "Only loopback redirect URIs ending in the callback id, and --allow-redirect ones, are served."
        })
final class ServeClientMetadataCommand implements Callable<Integer> {
    @ParentCommand
    private McpOAuthCommand root;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
            description = "Address to listen on, e.g. 127.0.0.1:8443 (0.0.0.0:8080 behind a proxy on another machine).")
    private String listen;

    @Option(names = "--public-base", required = true, paramLabel = "URL",
            description = "External base URL clients use as --client-metadata-url-base; may differ from --listen behind a proxy.")
    private String publicBase;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Serve https with the key and certificate in this PKCS#12 or JKS keystore.")
    private Path tlsKeystore;

    @Option(names = "--tls-password-env", paramLabel = "VAR",
            description = "Environment variable holding the keystore password.")
    private String tlsPasswordEnv;

    @Option(names = "--allow-redirect", paramLabel = "URI",
            description = "Also serve documents for this redirect URI, or it + /CALLBACK_ID (repeatable).")
    private List<String> allowRedirects = new ArrayList<>();

    @Option(names = "--fixed-document", paramLabel = "FILE",
            description = "Serve this static client.json at the path of its client_id instead of callback-scoped documents.")
    private Path fixedDocument;

    @Option(names = "--client-name", paramLabel = "NAME",
            description = "client_name of callback-scoped documents (default: mcp-oauth).")
    private String clientName;

    @Option(names = "--cache-max-age", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Cache-Control max-age of documents (default: ${DEFAULT-VALUE}).")
    private long cacheMaxAgeSeconds;

    @Override
    public Integer call() {
        CliContext context = root.context();
        if ((tlsKeystore == null) != (tlsPasswordEnv == null)) {
            throw CliException.usage("--tls-keystore and --tls-password-env go together",
                    "Give both, e.g. --tls-keystore host.p12 --tls-password-env HOST_KEYSTORE_PASSWORD.");
        }
        if (fixedDocument != null && (clientName != null || !allowRedirects.isEmpty())) {
            throw CliException.usage("--client-name and --allow-redirect do not apply with --fixed-document",
                    "The fixed document is served as is; put the name and redirect URIs into the file.");
        }
        if (cacheMaxAgeSeconds < 0) {
            throw CliException.usage("--cache-max-age must be a number of seconds, 0 or more, not `" + cacheMaxAgeSeconds + "`",
                    "Leave it out for the default of 3600.");
        }
        ClientMetadataHost.Builder builder = ClientMetadataHost.builder(publicBase)
                .listen(ListenAddress.parse(listen))
                .allowRedirects(allowRedirects)
                .cacheMaxAge(Duration.ofSeconds(cacheMaxAgeSeconds));
        if (clientName != null) {
            builder.clientName(clientName);
        }
        if (fixedDocument != null) {
            builder.fixedDocument(fixedDocument);
        }
        if (tlsKeystore != null) {
            String password = context.environment().get(tlsPasswordEnv);
            if (password == null) {
                throw CliException.usage("the environment variable " + tlsPasswordEnv + " (named by --tls-password-env) is not set",
                        "Export the keystore password in " + tlsPasswordEnv + " before starting the host.");
            }
            char[] chars = password.toCharArray();
            builder.tls(tlsKeystore, chars);
            Arrays.fill(chars, '\0');
        }
        ClientMetadataHostMain.serve(builder, context.out());
        return ExitCodes.OK;
    }
}

package dev.mcpoauth.cli;

import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.cli.terminal.Terminal;
import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.config.ServerLogins;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.keyring.CredentialStores;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.store.CredentialStore;
import dev.mcpoauth.token.TokenManager;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What every command works with: the environment, the standard streams, the terminal, the global
 * options, and (loaded on first use) the config file and the credential store.
 */
final class CliContext {
    private final Map<String, String> environment;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Terminal terminal;
    private Path configOption;
    private boolean verbose;
    private McpOAuthConfig config;
    private CredentialStore store;

    CliContext(Map<String, String> environment, InputStream in, PrintStream out, PrintStream err, Terminal terminal) {
        this.environment = Map.copyOf(environment);
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    Map<String, String> environment() {
        return environment;
    }

    InputStream in() {
        return in;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    Terminal terminal() {
        return terminal;
    }

    void configOption(Path file) {
        this.configOption = file;
    }

    void verbose(boolean on) {
        this.verbose = on;
    }

    boolean verbose() {
        return verbose;
    }

    /** {@code $MCP_OAUTH_HOME}, else {@code ~/.mcp-oauth}: where credentials live. */
    Path home() {
        return McpOAuthConfig.home(environment);
    }

    /** {@code --config FILE}, else {@code home/config.toml}. */
    Path configFile() {
        return configOption != null ? configOption : McpOAuthConfig.defaultFile(environment);
    }

    McpOAuthConfig config() {
        if (config == null) {
            config = McpOAuthConfig.load(configFile());
        }
        return config;
    }

    /** Forgets the loaded config (after {@code add} or {@code remove} rewrote it). */
    void reloadConfig() {
        config = null;
    }

    /** The configured server, or the reference's "No MCP server named ..." error. */
    ServerConfig server(String name) {
        return config().server(name).orElseThrow(() -> CliException.unknownServer(name));
    }

    /** The configured streamable HTTP server, or the reference's errors. */
    ServerConfig httpServer(String name) {
        ServerConfig server = server(name);
        if (!server.isHttp()) {
            throw CliException.notHttp(name);
        }
        return server;
    }

    /**
     * Deletes every credential entry stored under this server name (under its current URL and any
     * older one); {@code true} when something was deleted.
     */
    boolean deleteCredentials(String name) {
        CredentialStore credentials = store();
        boolean removed = false;
        for (dev.mcpoauth.store.StoredCredentials stored : credentials.list()) {
            if (stored.key().name().equals(name)) {
                removed |= credentials.delete(stored.key());
            }
        }
        return removed;
    }

    /** The store {@code mcp_oauth_credentials_store} asks for; a fallback warning goes to stderr. */
    CredentialStore store() {
        if (store == null) {
            store = CredentialStores.open(config().credentialsStore(), home(), warning -> {
                err.println(warning);
                err.flush();
            });
        }
        return store;
    }

    /** HTTP with the server's static and environment headers; with {@code --verbose}, each exchange on stderr. */
    HttpTransport transport(ServerConfig server) {
        return transport(server, null);
    }

    /** As {@link #transport(ServerConfig)}, with a shorter timeout for probes. */
    HttpTransport transport(ServerConfig server, Duration timeout) {
        HttpTransport.Builder builder = HttpTransport.builder().staticHeaders(server.resolvedHeaders(environment))
                .allowPrivateAddresses(config().allowPrivateAddresses());
        if (timeout != null) {
            builder.connectTimeout(timeout).requestTimeout(timeout);
        }
        if (verbose) {
            builder.listener((call, result, failure) -> {
                String outcome = result != null ? "HTTP " + result.status()
                        : failure.code().code() + " (" + failure.detail() + ")";
                err.println("  http: " + call + " -> " + outcome);
                err.flush();
            });
        }
        return builder.build();
    }

    /**
     * The pre-registered client of {@code [mcp_servers.NAME.oauth]} (the core's
     * {@link ServerLogins#preRegistered}): {@code client_id}, and the secret from the environment
     * variable {@code client_secret_env} names.
     *
     * @throws CliException {@code missing_secret} when that variable is not set
     */
    Optional<PreRegistered> preRegistered(ServerConfig server) {
        try {
            return ServerLogins.preRegistered(server, environment);
        } catch (McpOAuthException e) {
            throw missingSecret(server);
        }
    }

    /**
     * A login request filled from the config (the core's {@link ServerLogins#request}), for the
     * command to apply its flags to.
     *
     * @throws CliException {@code missing_secret} when the client secret's variable is not set
     */
    LoginRequest.Builder loginRequest(ServerConfig server) {
        try {
            return ServerLogins.request(server, config(), environment);
        } catch (McpOAuthException e) {
            throw missingSecret(server);
        }
    }

    /** The only failure of {@link ServerLogins}: {@code client_secret_env} names an unset variable. */
    private CliException missingSecret(ServerConfig server) {
        return new CliException("missing_secret", "the client secret of '" + server.name()
                + "' comes from the environment variable " + server.clientSecretEnv() + ", which is not set",
                "Set " + server.clientSecretEnv() + " (see `[mcp_servers." + server.name() + ".oauth]` in "
                        + configFile() + ").", ExitCodes.USAGE);
    }

    /** Tokens for {@code server}, refreshed with its headers and, for a pre-registered client, its configured secret. */
    TokenManager tokenManager(ServerConfig server) {
        return TokenManager.builder(store())
                .httpTransport(transport(server))
                .preRegisteredClients(key -> config().server(key.name())
                        .filter(s -> s.isHttp() && s.url().toString().equals(key.url()))
                        .flatMap(this::preRegistered))
                .build();
    }
}

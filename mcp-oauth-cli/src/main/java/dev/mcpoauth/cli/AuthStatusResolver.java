package dev.mcpoauth.cli;

import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.config.AuthStatus;
import dev.mcpoauth.config.AuthStatusCheck;
import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.discovery.AuthorizationDiscovery;
import dev.mcpoauth.discovery.DiscoveryOptions;
import dev.mcpoauth.discovery.ServerAuthorization;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Works out each server's {@link AuthStatus} with the core's rules ({@link AuthStatusCheck}, the same
 * as the app server's {@code mcpServerStatus/list}): {@code bearer_token_env_var} or an
 * {@code Authorization} header that is sent, then stored tokens, then discovery. The discovery probes of
 * all servers run at once and share one deadline, {@link #PROBE_TIMEOUT}, so {@code list} stays
 * fast with slow or dead servers in the config.
 */
final class AuthStatusResolver {
    /** The most {@code list} waits for all discovery probes together (and each HTTP exchange in them). */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final CliContext context;
    /** Every stored entry, read once and only when a server's status depends on it. */
    private Map<ServerKey, StoredCredentials> stored;

    AuthStatusResolver(CliContext context) {
        this.context = context;
    }

    List<ServerStatus> resolve(McpOAuthConfig config) {
        Map<String, ServerStatus> known = new LinkedHashMap<>();
        Map<String, CompletableFuture<ServerStatus>> probes = new LinkedHashMap<>();
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "mcp-oauth-list-probe");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (ServerConfig server : config.servers().values()) {
                ServerStatus status = withoutNetwork(server);
                if (status != null) {
                    known.put(server.name(), status);
                } else {
                    probes.put(server.name(), CompletableFuture.supplyAsync(() -> probe(server), executor));
                }
            }
            long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
            List<ServerStatus> out = new ArrayList<>();
            for (ServerConfig server : config.servers().values()) {
                ServerStatus status = known.get(server.name());
                out.add(status != null ? status : await(server, probes.get(server.name()), deadline));
            }
            return out;
        } finally {
            executor.shutdownNow();
        }
    }

    /** The status when no network is needed (the core's {@link AuthStatusCheck}), else {@code null}. */
    private ServerStatus withoutNetwork(ServerConfig server) {
        return AuthStatusCheck.withoutNetwork(server, context.environment(), key -> Optional.ofNullable(stored().get(key)))
                .map(check -> new ServerStatus(server, check.status(), check.credentials(), detail(server, check)))
                .orElse(null);
    }

    private String detail(ServerConfig server, AuthStatusCheck check) {
        return switch (check.reason()) {
            case NOT_HTTP -> "stdio server";
            case BEARER_TOKEN_ENV_VAR -> "from $" + server.bearerTokenEnvVar()
                    + (context.environment().getOrDefault(server.bearerTokenEnvVar(), "").isEmpty() ? " (not set)" : "");
            case AUTHORIZATION_HEADER -> "Authorization header";
            case STORED_CREDENTIALS -> "issuer " + check.credentials().issuer();
        };
    }

    private Map<ServerKey, StoredCredentials> stored() {
        if (stored == null) {
            stored = new HashMap<>();
            for (StoredCredentials credentials : context.store().list()) {
                stored.put(credentials.key(), credentials);
            }
        }
        return stored;
    }

    private ServerStatus probe(ServerConfig server) {
        try {
            ServerAuthorization auth = new AuthorizationDiscovery(context.transport(server, PROBE_TIMEOUT))
                    .discover(server.url(), new DiscoveryOptions(server.oauthResource()));
            return new ServerStatus(server, AuthStatus.afterDiscovery(true), null, "issuer " + auth.issuer());
        } catch (McpOAuthException e) {
            return new ServerStatus(server, AuthStatus.afterDiscovery(false), null, e.code().code() + ": " + e.detail());
        }
    }

    private static ServerStatus await(ServerConfig server, CompletableFuture<ServerStatus> probe, long deadline) {
        try {
            return probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            probe.cancel(true);
            return new ServerStatus(server, AuthStatus.UNSUPPORTED, null,
                    "timeout: discovery did not finish within " + PROBE_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new ServerStatus(server, AuthStatus.UNSUPPORTED, null,
                    "discovery failed: " + cause.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServerStatus(server, AuthStatus.UNSUPPORTED, null, "interrupted");
        }
    }
}

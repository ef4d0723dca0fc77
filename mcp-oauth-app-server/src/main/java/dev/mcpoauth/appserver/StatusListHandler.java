package dev.mcpoauth.appserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.appserver.protocol.ListMcpServerStatusResponse;
import dev.mcpoauth.appserver.protocol.McpServerStatus;
import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.config.ServerConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code mcpServerStatus/list}: the configured servers ordered by name, one page per call. The cursor
 * is the position of the next server; statuses on a page are resolved in parallel on workers.
 */
final class StatusListHandler implements Handler {
    private final ConfigSource config;
    private final AuthStatuses statuses;
    private final ExecutorService workers;

    StatusListHandler(ConfigSource config, AuthStatuses statuses, ExecutorService workers) {
        this.config = config;
        this.statuses = statuses;
        this.workers = workers;
    }

    @Override
    public void handle(JsonNode raw, Reply reply) {
        ParamsReader params = ParamsReader.of(raw, false);
        String cursor = params.optionalString("cursor");
        Long limit = params.optionalLong("limit", 1, Integer.MAX_VALUE);
        McpOAuthConfig current = config.current();
        List<ServerConfig> servers = new ArrayList<>(current.servers().values());
        servers.sort(Comparator.comparing(ServerConfig::name));
        int start = cursor == null ? 0 : parseCursor(cursor, servers.size());
        int end = limit == null ? servers.size() : (int) Math.min(servers.size(), start + limit);
        String nextCursor = end < servers.size() ? Integer.toString(end) : null;
        List<ServerConfig> page = servers.subList(start, end);
        try {
            List<CompletableFuture<McpServerStatus>> futures = page.stream()
                    .map(server -> CompletableFuture.supplyAsync(() -> statuses.of(server, current), workers))
                    .toList();
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    reply.error(RpcError.internal("failed to list MCP server status: "
                            + (cause instanceof McpOAuthException ? cause.getMessage() : cause.getClass().getSimpleName()),
                            null));
                } else {
                    reply.result(new ListMcpServerStatusResponse(futures.stream().map(CompletableFuture::join).toList(),
                            nextCursor));
                }
            });
        } catch (RejectedExecutionException e) {
            reply.error(RpcError.internal("the app server is shutting down", null));
        }
    }

    private static int parseCursor(String cursor, int size) {
        try {
            int position = Integer.parseInt(cursor);
            if (position >= 0 && position <= size) {
                return position;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw RpcError.invalidParams("cursor", "is not a cursor returned by mcpServerStatus/list (`" + cursor + "`)");
    }
}

package dev.mcpoauth.appserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.appserver.protocol.McpServerOauthLogoutResponse;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.store.CredentialStore;
import dev.mcpoauth.store.ServerKey;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** {@code mcpServer/oauth/logout}: removes the server's stored credentials (on a worker: a keyring may be slow). */
final class LogoutHandler implements Handler {
    private final ConfigSource config;
    private final CredentialStore store;
    private final Executor workers;

    LogoutHandler(ConfigSource config, CredentialStore store, Executor workers) {
        this.config = config;
        this.store = store;
        this.workers = workers;
    }

    @Override
    public void handle(JsonNode raw, Reply reply) {
        String name = ParamsReader.of(raw, true).requiredString("name");
        ServerConfig server = config.server(name);
        if (!server.isHttp()) {
            throw RpcError.invalidRequest("OAuth logout is only supported for streamable HTTP servers.");
        }
        ServerKey key = new ServerKey(server.name(), server.url().toString());
        try {
            workers.execute(() -> {
                try {
                    reply.result(McpServerOauthLogoutResponse.of(name, store.delete(key)));
                } catch (McpOAuthException e) {
                    reply.error(RpcError.internal("failed to remove OAuth credentials for '" + name + "': "
                            + e.getMessage(), null));
                }
            });
        } catch (RejectedExecutionException e) {
            reply.error(RpcError.internal("the app server is shutting down", null));
        }
    }
}

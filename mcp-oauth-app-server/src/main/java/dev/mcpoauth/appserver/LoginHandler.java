package dev.mcpoauth.appserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.appserver.protocol.ClientRegistration;
import dev.mcpoauth.appserver.protocol.ErrorData;
import dev.mcpoauth.appserver.protocol.McpServerOauthLoginParams;
import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.registration.ClientMetadataUrls;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code mcpServer/oauth/login}: validates every param and the server before anything starts, then
 * hands the login to {@link LoginSessions}, which answers with the authorization URL and later sends
 * {@code mcpServer/oauthLogin/completed}.
 */
final class LoginHandler implements Handler {
    /** Longest login timeout accepted: a day; the default is {@link LoginRequest#DEFAULT_TIMEOUT}. */
    static final long MAX_TIMEOUT_SECS = 86_400;

    private final ConfigSource config;
    private final LoginSessions sessions;
    private final LoginFlows flows;
    private final Map<String, String> environment;

    LoginHandler(ConfigSource config, LoginSessions sessions, LoginFlows flows, Map<String, String> environment) {
        this.config = config;
        this.sessions = sessions;
        this.flows = flows;
        this.environment = environment;
    }

    @Override
    public void handle(JsonNode raw, Reply reply) {
        McpServerOauthLoginParams params = parse(raw);
        // One snapshot: a reload meanwhile must not mix two configs (the server from one, the policy from another).
        McpOAuthConfig current = config.current();
        ServerConfig server = ConfigSource.server(current, params.name());
        if (!server.isHttp()) {
            throw RpcError.invalidRequest("OAuth login is only supported for streamable HTTP servers.");
        }
        LoginRequest request;
        try {
            request = LoginRequests.build(params, server, current, environment);
        } catch (McpOAuthException e) {
            throw RpcError.internal("failed to login to MCP server '" + server.name() + "': " + e.getMessage(),
                    ErrorData.errorCode(e.code().code()));
        }
        sessions.start(flows.forConfig(current), request, reply);
    }

    /** The params, checked member by member; -32602 names the first member at fault. */
    static McpServerOauthLoginParams parse(JsonNode raw) {
        ParamsReader params = ParamsReader.of(raw, true);
        String name = params.requiredString("name");
        var scopes = params.optionalStringList("scopes");
        String base = params.optionalString("clientMetadataUrlBase");
        if (base != null) {
            try {
                ClientMetadataUrls.validateBase(base);
            } catch (McpOAuthException e) {
                throw RpcError.invalidParamsDetail("clientMetadataUrlBase", e.detail());
            }
        }
        Long timeoutSecs = params.optionalLong("timeoutSecs", 1, MAX_TIMEOUT_SECS);
        String registration = params.optionalString("clientRegistration");
        ClientRegistration clientRegistration = null;
        if (registration != null) {
            clientRegistration = Arrays.stream(ClientRegistration.values())
                    .filter(mode -> mode.value().equals(registration))
                    .findFirst()
                    .orElseThrow(() -> RpcError.invalidParams("clientRegistration", "must be one of auto, cimd, dcr"));
        }
        return new McpServerOauthLoginParams(name, scopes, base, timeoutSecs, clientRegistration);
    }
}

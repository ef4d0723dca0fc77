package dev.mcpoauth.appserver;

import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.config.ServerConfig;
import dev.mcpoauth.discovery.AuthorizationDiscovery;
import dev.mcpoauth.discovery.DiscoveryOptions;
import dev.mcpoauth.http.HttpTransport;
import java.time.Duration;
import java.util.Map;

/**
 * Answers "does this server lead to an authorization server?" for {@code mcpServerStatus/list}'s
 * {@code notLoggedIn} versus {@code unsupported}.
 */
@FunctionalInterface
interface OAuthProbe {
    /** How long one probe may take per request: a status list must not hang on one dead server. */
    Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Whether discovery (RFC 9728, RFC 8414) finds an authorization server; never throws.
     *
     * @param allowPrivateAddresses the config's {@code mcp_oauth_allow_private_addresses}
     */
    boolean advertisesOAuth(ServerConfig server, Map<String, String> headers, boolean allowPrivateAddresses);

    /** Runs the core discovery with short timeouts; any failure means "no". */
    static OAuthProbe discovery(HttpTransport transport) {
        HttpTransport quick = transport.toBuilder().connectTimeout(PROBE_TIMEOUT).requestTimeout(PROBE_TIMEOUT).build();
        return (server, headers, allowPrivateAddresses) -> {
            HttpTransport.Builder http = quick.toBuilder().staticHeaders(headers);
            if (allowPrivateAddresses) {
                http.allowPrivateAddresses(true);
            }
            try {
                new AuthorizationDiscovery(http.build()).discover(server.url(), new DiscoveryOptions(server.oauthResource()));
                return true;
            } catch (McpOAuthException e) {
                return false;
            }
        };
    }
}

package dev.mcpoauth.mcpsdk;

import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.common.McpTransportContext;
import java.net.http.HttpResponse;
import java.util.List;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Answers the transport's 401 and 403 responses (RFC 6750 §3.1; MCP authorization, "Authorization
 * Flow Steps", "Scope Challenge Handling"):
 * <ul>
 *   <li>401 {@code use_dpop_nonce}: retry with the server's DPoP nonce (RFC 9449 §9);</li>
 *   <li>401: refresh the rejected token once, else log in through the {@link LoginInteraction}
 *       (or the configured grant), asking for the challenge's {@code scope};</li>
 *   <li>403 {@code insufficient_scope}: log in again with the union of the scopes asked for so far
 *       and those challenged;</li>
 *   <li>at most {@link AuthorizationAttempts#MAX_ATTEMPTS} logins per resource and operation, then
 *       {@link dev.mcpoauth.ErrorCode#AUTHORIZATION_DENIED} with what was asked for.</li>
 * </ul>
 * Emitting {@code true} makes the transport replay the request with the new token; a failed login
 * surfaces as the {@link dev.mcpoauth.McpOAuthException} to the caller of the MCP operation.
 */
final class OAuthErrorHandler implements McpHttpClientTransportAuthorizationErrorHandler {
    /**
     * Replays the transport allows in a row: one refresh, the attempts, and one more so the handler
     * sees the last refusal and reports it with a clear error instead of the transport's generic one.
     */
    static final int MAX_REPLAYS = AuthorizationAttempts.MAX_ATTEMPTS + 2;

    private final OAuthSession session;

    OAuthErrorHandler(OAuthSession session) {
        this.session = session;
    }

    @Override
    public Publisher<Boolean> handle(HttpRequestSnapshot request, HttpResponse.ResponseInfo response,
                                     McpTransportContext context) {
        List<String> challenges = response.headers().allValues("www-authenticate");
        if (response.statusCode() == 401) {
            return Mono.fromFuture(() -> session.unauthorized(request, response.headers()))
                    .onErrorMap(OAuthSession::unwrap);
        }
        if (response.statusCode() == 403) {
            return Mono.fromFuture(() -> session.forbidden(request.method(), request.headers(), challenges))
                    .onErrorMap(OAuthSession::unwrap);
        }
        return Mono.just(false);
    }

    @Override
    public int maxRetries() {
        return MAX_REPLAYS;
    }
}

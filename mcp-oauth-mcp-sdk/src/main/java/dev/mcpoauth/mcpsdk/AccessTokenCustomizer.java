package dev.mcpoauth.mcpsdk;

import dev.mcpoauth.dpop.DPoPProofs;
import io.modelcontextprotocol.client.transport.customizer.McpAsyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.common.McpTransportContext;
import java.net.URI;
import java.net.http.HttpRequest;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Puts the current access token on every MCP request: {@code Authorization: Bearer <token>}
 * (RFC 6750 §2.1; MCP authorization: never in the query string), or for a DPoP-bound token
 * {@code Authorization: DPoP <token>} with a fresh {@code DPoP} proof for this method and URL
 * (RFC 9449 §7.1). The token comes from the core {@link dev.mcpoauth.token.TokenManager}, which
 * refreshes it shortly before it expires; a cached token costs a map lookup, and a refresh runs on
 * the manager's own threads, so this never blocks the transport's non-blocking thread. With nothing
 * stored yet the request goes out without a token, and the server's 401 starts a login
 * ({@link OAuthErrorHandler}).
 */
final class AccessTokenCustomizer implements McpAsyncHttpClientRequestCustomizer {
    private final OAuthSession session;

    AccessTokenCustomizer(OAuthSession session) {
        this.session = session;
    }

    @Override
    public Publisher<HttpRequest.Builder> customize(HttpRequest.Builder builder, String method, URI endpoint,
                                                    String body, McpTransportContext context) {
        McpOperation.of(method, body).ifPresent(session::sending);
        return Mono.fromFuture(session::accessToken)
                .onErrorMap(OAuthSession::unwrap)
                .map(token -> {
                    token.ifPresent(presented -> {
                        builder.setHeader("Authorization", presented.scheme() + " " + presented.value());
                        if (presented.dpop() != null) {
                            builder.setHeader(DPoPProofs.HEADER, presented.dpop().proof(method, endpoint, presented.value()));
                        }
                    });
                    return builder;
                });
    }
}

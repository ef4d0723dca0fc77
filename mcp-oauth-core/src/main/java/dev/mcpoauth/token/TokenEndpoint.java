package dev.mcpoauth.token;

import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.registration.ClientIdentity;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where a token request goes and as whom: the token endpoint, its issuer, the client identity bound to
 * that issuer, and the MCP server the tokens are for.
 *
 * <pre>{@code
 * TokenEndpoint endpoint = TokenEndpoint.of(metadata, issuer, client, ResourceUri.of("https://mcp.example.com/mcp"));
 * }</pre>
 *
 * @param uri                  the {@code token_endpoint} (RFC 8414 §2); required
 * @param issuer               the issuer it belongs to; required. It is the audience of
 *                             {@code private_key_jwt} assertions
 * @param client               the client identity; required, and bound to no issuer or to {@code issuer}
 * @param resource             the {@code resource} sent on every request (RFC 8707 §2.2), or {@code null}
 *                             to send none
 * @param authMethodsSupported the server's {@code token_endpoint_auth_methods_supported}, for clients
 *                             that leave the method open; empty when unknown (never {@code null})
 */
public record TokenEndpoint(URI uri, String issuer, ClientIdentity client, ResourceUri resource,
                            List<String> authMethodsSupported) {

    public TokenEndpoint {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(client, "client");
        if (!client.isUsableWith(issuer)) {
            // MCP authorization: registrations are per authorization server; never present one
            // issuer's client (or its secret) to another.
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "the client `" + client.clientId()
                            + "` belongs to the issuer `" + client.issuer() + "`, not `" + issuer + "`",
                    "Log in again so the client is identified to the current authorization server.", null);
        }
        authMethodsSupported = authMethodsSupported == null ? List.of() : List.copyOf(authMethodsSupported);
    }

    /** Without knowledge of the server's supported auth methods. */
    public TokenEndpoint(URI uri, String issuer, ClientIdentity client, ResourceUri resource) {
        this(uri, issuer, client, resource, List.of());
    }

    /**
     * From authorization server metadata: its {@code token_endpoint} and
     * {@code token_endpoint_auth_methods_supported}.
     *
     * @throws McpOAuthException {@link ErrorCode#MALFORMED_RESPONSE} when the metadata has no token endpoint
     */
    public static TokenEndpoint of(AuthorizationServerMetadata metadata, String issuer, ClientIdentity client,
                                   ResourceUri resource) {
        URI uri = metadata.getTokenEndpointURI();
        if (uri == null) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                    "the metadata of `" + issuer + "` has no token_endpoint (RFC 8414 §2)");
        }
        List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
        return new TokenEndpoint(uri, issuer, client, resource,
                methods == null ? List.of() : methods.stream().map(ClientAuthenticationMethod::getValue).toList());
    }
}

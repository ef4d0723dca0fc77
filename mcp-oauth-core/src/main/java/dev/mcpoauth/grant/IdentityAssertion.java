package dev.mcpoauth.grant;

import dev.mcpoauth.registration.PreRegistered;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Enterprise-managed authorization (MCP extension SEP-990, draft-ietf-oauth-identity-assertion-authz-grant):
 * the user's ID token from the enterprise identity provider is exchanged there for an Identity
 * Assertion JWT Authorization Grant (ID-JAG, RFC 8693 token exchange with {@code audience} the MCP
 * server's authorization server and {@code resource} the MCP server), which the client then presents
 * to that authorization server as a JWT bearer grant (RFC 7523 §2.1). No browser is involved.
 *
 * <pre>{@code
 * Grant grant = new IdentityAssertion(
 *         new PreRegistered("mcp-client", new Secret(secret), null, null, null),
 *         URI.create("https://idp.example.com/token"), "https://idp.example.com",
 *         PreRegistered.publicClient("idp-client"), session::idToken, null);
 * }</pre>
 *
 * @param client           the client at the MCP server's authorization server
 * @param idpTokenEndpoint the identity provider's token endpoint
 * @param idpIssuer        the identity provider's issuer identifier
 * @param idpClient        the client at the identity provider
 * @param idToken          where the user's current ID token comes from
 * @param scopes           the scopes to ask for, or {@code null} for the discovered ones
 */
public record IdentityAssertion(PreRegistered client, URI idpTokenEndpoint, String idpIssuer, PreRegistered idpClient,
                                Supplier<String> idToken, List<String> scopes) implements Grant {
    public IdentityAssertion {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(idpTokenEndpoint, "idpTokenEndpoint");
        Objects.requireNonNull(idpIssuer, "idpIssuer");
        Objects.requireNonNull(idpClient, "idpClient");
        Objects.requireNonNull(idToken, "idToken");
        scopes = scopes == null ? null : List.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "IdentityAssertion[client=" + client + ", idp=" + idpIssuer + ", idToken=***, scopes=" + scopes + "]";
    }
}

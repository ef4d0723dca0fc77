package dev.mcpoauth.testkit;

import com.nimbusds.jose.jwk.JWK;

import java.util.List;
import java.util.Set;

/**
 * A client the authorization server knows, whatever its origin.
 *
 * @param clientId            identifier
 * @param secret              client secret, or {@code null}
 * @param authMethods         token endpoint authentication methods this client may use
 * @param redirectUris        registered redirect URIs
 * @param anyLoopbackRedirect {@code true} for pre-registered clients without redirect URIs: any loopback URI is allowed
 * @param grantTypes          allowed grant types, or {@code null} for all
 * @param clientName          display name, or {@code null}
 * @param publicKey           key for {@code private_key_jwt}, or {@code null}
 * @param view                public description for {@link TestServers#registeredClients()}, or {@code null} for
 *                            pre-registered clients
 */
record Client(String clientId, String secret, Set<String> authMethods, List<String> redirectUris,
              boolean anyLoopbackRedirect, Set<String> grantTypes, String clientName, JWK publicKey,
              RegisteredClient view) {

    boolean isPublic() {
        return authMethods.contains("none");
    }

    boolean allowsGrant(String grantType) {
        return grantTypes == null || grantTypes.contains(grantType);
    }

    String displayName() {
        return clientName != null ? clientName : clientId;
    }

    boolean acceptsRedirect(String redirectUri) {
        if (anyLoopbackRedirect) {
            return RedirectUris.isLoopbackHttp(RedirectUris.parse(redirectUri));
        }
        return RedirectUris.matchesAny(redirectUris, redirectUri);
    }
}

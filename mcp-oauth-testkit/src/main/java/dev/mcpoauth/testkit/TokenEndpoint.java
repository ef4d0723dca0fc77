package dev.mcpoauth.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The token endpoint: {@code authorization_code} (with PKCE, redirect URI and resource checks),
 * {@code refresh_token} (optionally single-use with rotation) and {@code client_credentials}. Errors are RFC 6749 §5.2
 * JSON; every response carries {@code Cache-Control: no-store}.
 */
final class TokenEndpoint {

    private final Settings settings;
    private final Topology topology;
    private final TokenStore tokens;
    private final ClientAuthenticator authenticator;

    TokenEndpoint(Settings settings, Topology topology, TokenStore tokens, ClientAuthenticator authenticator) {
        this.settings = settings;
        this.topology = topology;
        this.tokens = tokens;
        this.authenticator = authenticator;
    }

    Response handle(Request request) {
        try {
            return grant(request);
        } catch (OAuthException e) {
            return e.toResponse();
        }
    }

    private Response grant(Request request) throws OAuthException {
        if (!request.hasContentType("application/x-www-form-urlencoded")) {
            throw invalidRequest("the token request must be application/x-www-form-urlencoded");
        }
        Params form;
        try {
            form = Params.parse(request.body());
        } catch (IllegalArgumentException e) {
            throw invalidRequest("the form body is malformed");
        }
        String duplicate = form.firstDuplicate(Set.of("resource"));
        if (duplicate != null) {
            throw invalidRequest("parameter " + duplicate + " must not be repeated");
        }
        Client client = authenticator.authenticate(request, form);
        String grantType = form.get("grant_type");
        if (grantType == null) {
            throw invalidRequest("grant_type is required");
        }
        switch (grantType) {
            case "authorization_code":
                requireGrant(client, grantType);
                return authorizationCode(client, form);
            case "refresh_token":
                requireGrant(client, grantType);
                return refreshToken(client, form);
            case "client_credentials":
                requireGrant(client, grantType);
                return clientCredentials(client, form);
            default:
                throw OAuthException.badRequest("unsupported_grant_type", "unsupported grant_type " + grantType);
        }
    }

    private Response authorizationCode(Client client, Params form) throws OAuthException {
        String codeValue = form.get("code");
        if (codeValue == null) {
            throw invalidRequest("code is required");
        }
        TokenStore.AuthorizationCode code = tokens.consumeCode(codeValue);
        if (code == null) {
            throw invalidGrant("unknown or already used authorization code");
        }
        if (!code.clientId().equals(client.clientId())) {
            throw invalidGrant("the authorization code was issued to another client");
        }
        if (Instant.now().isAfter(code.expiresAt())) {
            throw invalidGrant("the authorization code expired");
        }
        String redirectUri = form.get("redirect_uri");
        if (redirectUri == null) {
            throw invalidRequest("redirect_uri is required (it was present in the authorization request)");
        }
        if (!redirectUri.equals(code.redirectUri())) {
            throw invalidGrant("redirect_uri does not match the authorization request");
        }
        String verifier = form.get("code_verifier");
        if (verifier == null) {
            throw invalidRequest("code_verifier is required (PKCE)");
        }
        if (!Pkce.isWellFormedVerifier(verifier)) {
            throw invalidRequest("code_verifier must be 43 to 128 unreserved characters");
        }
        if (!Pkce.matches(verifier, code.codeChallenge())) {
            throw invalidGrant("code_verifier does not match the code_challenge");
        }
        List<String> resources = form.all("resource");
        if (resources.size() > 1 || (resources.size() == 1 && !resources.get(0).equals(code.resource()))) {
            throw invalidTarget("resource must be " + code.resource() + " as in the authorization request, was "
                    + resources);
        }
        boolean withRefresh = settings.refreshTokens() && client.allowsGrant("refresh_token");
        String refreshToken = withRefresh
                ? tokens.newRefreshToken(client.clientId(), code.scopes(), code.resource()) : null;
        return success(tokens.newAccessToken(refreshToken, client.clientId(), code.scopes(), code.resource(),
                settings.accessTokenLifetime()));
    }

    private Response refreshToken(Client client, Params form) throws OAuthException {
        String value = form.get("refresh_token");
        if (value == null) {
            throw invalidRequest("refresh_token is required");
        }
        TokenStore.RefreshToken refresh = tokens.refreshToken(value);
        if (refresh == null) {
            throw invalidGrant("unknown refresh token");
        }
        if (!refresh.clientId().equals(client.clientId())) {
            throw invalidGrant("the refresh token was issued to another client");
        }
        if (refresh.used().get()) {
            throw invalidGrant("the refresh token was already used (single-use refresh tokens)");
        }
        List<String> resources = form.all("resource");
        if (resources.size() > 1 || (resources.size() == 1 && !resources.get(0).equals(refresh.resource()))) {
            throw invalidTarget("resource must be " + refresh.resource() + " as originally granted, was "
                    + resources);
        }
        Set<String> scopes = refresh.scopes();
        if (form.has("scope")) {
            Set<String> requested = Scopes.parse(form.get("scope"));
            if (!refresh.scopes().containsAll(requested)) {
                throw OAuthException.badRequest("invalid_scope", "scope " + Scopes.format(requested)
                        + " exceeds the originally granted scope " + Scopes.format(refresh.scopes()));
            }
            scopes = requested;
        }
        String newRefreshToken = null;
        if (settings.singleUseRefreshTokens()) {
            if (!refresh.used().compareAndSet(false, true)) {
                throw invalidGrant("the refresh token was already used (single-use refresh tokens)");
            }
            newRefreshToken = tokens.newRefreshToken(client.clientId(), refresh.scopes(), refresh.resource());
        }
        return success(tokens.newAccessToken(newRefreshToken, client.clientId(), scopes, refresh.resource(),
                settings.accessTokenLifetime()));
    }

    private Response clientCredentials(Client client, Params form) throws OAuthException {
        if (client.isPublic()) {
            throw OAuthException.badRequest("unauthorized_client", "client_credentials requires a confidential client");
        }
        List<String> resources = form.all("resource");
        if (resources.size() != 1 || !resources.get(0).equals(topology.mcpUrlString())) {
            throw invalidTarget("resource must be exactly " + topology.mcpUrlString() + ", was "
                    + (resources.isEmpty() ? "absent" : resources));
        }
        Set<String> scopes = Scopes.parse(form.get("scope"));
        if (settings.rejectUnknownScopes()) {
            for (String scope : scopes) {
                if (!settings.scopesSupported().contains(scope)) {
                    throw OAuthException.badRequest("invalid_scope", "unknown scope " + scope);
                }
            }
        }
        return success(tokens.newAccessToken(null, client.clientId(), scopes, resources.get(0),
                settings.accessTokenLifetime()));
    }

    private static void requireGrant(Client client, String grantType) throws OAuthException {
        if (!client.allowsGrant(grantType)) {
            throw OAuthException.badRequest("unauthorized_client", "client " + client.clientId()
                    + " is not registered for the " + grantType + " grant");
        }
    }

    private Response success(TokenStore.AccessToken token) {
        Map<String, Object> body = Json.object(
                "access_token", token.token,
                "token_type", "Bearer",
                "expires_in", settings.accessTokenLifetime().toSeconds(),
                "refresh_token", token.refreshToken,
                "scope", token.scopes.isEmpty() ? null : Scopes.format(token.scopes));
        return Response.json(200, body).withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
    }

    private static OAuthException invalidRequest(String description) {
        return OAuthException.badRequest("invalid_request", description);
    }

    private static OAuthException invalidGrant(String description) {
        return OAuthException.badRequest("invalid_grant", description);
    }

    private static OAuthException invalidTarget(String description) {
        return OAuthException.badRequest("invalid_target", description);
    }
}

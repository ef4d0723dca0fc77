package dev.mcpoauth.token;

import dev.mcpoauth.internal.ServerText;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.JWTBearerGrant;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.TypelessToken;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.dpop.DPoPProofs;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.http.NimbusHttp;
import dev.mcpoauth.internal.Urls;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the token endpoint: authorization code exchange, refresh and client credentials.
 *
 * <p>Every request carries the {@code resource} of the {@link TokenEndpoint} (RFC 8707 §2.2; MCP
 * authorization requires it on token and refresh requests) and the client authentication chosen by
 * {@link ClientAuthentications}. Requests are built by the Nimbus OAuth SDK and sent through the
 * project's {@link HttpTransport} (bounded time and size, no redirects followed). Rules enforced:
 * <ul>
 *   <li>the token endpoint must be https unless its host is loopback, checked before anything is
 *       sent ({@link ErrorCode#INSECURE_ENDPOINT}; RFC 6749 §3.2);</li>
 *   <li>an error response becomes {@link ErrorCode#TOKEN_REJECTED}, or {@link ErrorCode#INVALID_GRANT}
 *       for {@code invalid_grant} (the grant or refresh token is dead: log in again), with the OAuth
 *       error code and a sanitised description, never a code, token or secret (RFC 6749 §5.2);</li>
 *   <li>only {@code token_type} {@code Bearer} is accepted (RFC 6750), any other or a missing one is
 *       {@link ErrorCode#MALFORMED_RESPONSE};</li>
 *   <li>{@code expires_in} becomes an absolute {@link Tokens#expiresAt()} from the clock, read when the
 *       request was sent, so the expiry errs early;</li>
 *   <li>the granted scopes are the response's {@code scope}, else the requested ones (RFC 6749 §5.1);</li>
 *   <li>a refresh without a new refresh token keeps the one it used (RFC 6749 §6).</li>
 * </ul>
 *
 * <pre>{@code
 * TokenClient tokens = new TokenClient(HttpTransport.defaults(), Clock.systemUTC());
 * TokenEndpoint endpoint = TokenEndpoint.of(metadata, issuer, client, ResourceUri.of("https://mcp.example.com/mcp"));
 * Tokens received = tokens.exchangeCode(endpoint, code, redirectUri, codeVerifier);
 * // later, 30 s before expiry:
 * if (received.expiresWithin(Duration.ofSeconds(30), clock)) {
 *     received = tokens.refresh(endpoint, received);
 * }
 * }</pre>
 *
 * <p>Instances hold no state besides the transport and clock and are safe to share between threads.
 *
 * <p>Related specifications: RFC 6749 §3.2, §4.1.3, §4.4, §5, §6; RFC 7636 §4.5; RFC 8707 §2.2;
 * RFC 6750; RFC 7523; MCP authorization (2026-07-28) "Token Handling".
 */
public final class TokenClient {
    private static final Logger LOG = LoggerFactory.getLogger(TokenClient.class);

    private final HttpTransport http;
    private final Clock clock;

    /** A client sending through {@code http}, with {@code clock} turning {@code expires_in} into an instant. */
    public TokenClient(HttpTransport http, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A client whose calls are made for one MCP server: its transport's address policy is anchored
     * at that server ({@link HttpTransport#forServer(URI)}), so a token endpoint that resolves to a
     * private, link-local or metadata address the server does not live on is refused.
     */
    public TokenClient forServer(URI mcpServerUrl) {
        HttpTransport anchored = http.forServer(mcpServerUrl);
        return anchored == http ? this : new TokenClient(anchored, clock);
    }

    /**
     * Exchanges an authorization code (RFC 6749 §4.1.3) with its PKCE verifier (RFC 7636 §4.5).
     *
     * @param redirectUri  the redirect URI of the authorization request, sent again as RFC 6749 requires
     * @param codeVerifier the PKCE code verifier, or {@code null} when PKCE was not used
     * @return the tokens; their scopes are the response's {@code scope}, or empty when it has none
     */
    public Tokens exchangeCode(TokenEndpoint endpoint, String code, URI redirectUri, String codeVerifier) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(redirectUri, "redirectUri");
        requireSecure(endpoint);
        CodeVerifier verifier = null;
        if (codeVerifier != null) {
            try {
                verifier = new CodeVerifier(codeVerifier);
            } catch (IllegalArgumentException e) {
                throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                        "the PKCE code verifier must be 43 to 128 unreserved characters (RFC 7636 §4.1)", e);
            }
        }
        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier);
        List<String> grantSecrets = codeVerifier == null ? List.of(code) : List.of(code, codeVerifier);
        return call(endpoint, grant, Set.of(), "authorization code exchange", grantSecrets);
    }

    /**
     * Refreshes an access token (RFC 6749 §6). When the response has no refresh token, the one sent
     * is kept.
     *
     * @param scopes the scopes to ask for; empty to send no {@code scope} (the original grant's scopes)
     */
    public Tokens refresh(TokenEndpoint endpoint, String refreshToken, Set<String> scopes) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Set<String> requested = scopes == null ? Set.of() : scopes;
        requireSecure(endpoint);
        Tokens tokens = call(endpoint, new RefreshTokenGrant(new RefreshToken(refreshToken)), requested, "refresh request",
                List.of(refreshToken));
        return tokens.hasRefreshToken() ? tokens
                : new Tokens(tokens.accessToken(), tokens.tokenType(), refreshToken, tokens.expiresAt(), tokens.scopes());
    }

    /**
     * Refreshes {@code previous} without narrowing its scopes, keeping its refresh token and scopes
     * where the response omits them.
     *
     * @throws McpOAuthException {@link ErrorCode#LOGIN_REQUIRED} when {@code previous} has no refresh token
     */
    public Tokens refresh(TokenEndpoint endpoint, Tokens previous) {
        Objects.requireNonNull(previous, "previous");
        if (!previous.hasRefreshToken()) {
            throw new McpOAuthException(ErrorCode.LOGIN_REQUIRED,
                    "the stored tokens for `" + endpoint.issuer() + "` have no refresh token");
        }
        return refresh(endpoint, previous.refreshToken(), Set.of()).withRefreshFallback(previous);
    }

    /**
     * Obtains tokens for the client itself (RFC 6749 §4.4). The client must authenticate: a client
     * without a secret or key is refused before any request.
     *
     * @param scopes the scopes to ask for; empty to send no {@code scope}
     */
    public Tokens clientCredentials(TokenEndpoint endpoint, Set<String> scopes) {
        Objects.requireNonNull(endpoint, "endpoint");
        requireSecure(endpoint);
        return call(endpoint, new ClientCredentialsGrant(), scopes == null ? Set.of() : scopes,
                "client credentials request", List.of());
    }

    /**
     * Obtains tokens with a JWT as the authorization grant (RFC 7523 §2.1): the assertion of a
     * workload identity (workload identity federation) or an identity assertion grant issued by an
     * enterprise identity provider. The client authenticates as its identity says ({@code none}
     * sends {@code client_id}).
     *
     * @param assertion a signed JWT (compact serialization) whose audience is this authorization server
     * @param scopes    the scopes to ask for; empty to send no {@code scope}
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} when the assertion is not a signed JWT
     */
    public Tokens jwtBearer(TokenEndpoint endpoint, String assertion, Set<String> scopes) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(assertion, "assertion");
        requireSecure(endpoint);
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(assertion);
        } catch (java.text.ParseException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                    "the JWT bearer assertion is not a signed JWT in compact form (RFC 7523 §2.1)", e);
        }
        return call(endpoint, new JWTBearerGrant(jwt), scopes == null ? Set.of() : scopes, "JWT bearer grant request",
                List.of(assertion));
    }

    /**
     * Exchanges one security token for another (RFC 8693 §2): for example an OpenID Connect ID token
     * for an identity assertion grant (ID-JAG) at an enterprise identity provider. The answer's
     * {@code token_type} may be {@code N_A} (RFC 8693 §2.2.1): the issued token is not an access token.
     *
     * @throws McpOAuthException as for the other grants
     */
    public ExchangedToken exchangeToken(TokenEndpoint endpoint, TokenExchange exchange) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(exchange, "exchange");
        requireSecure(endpoint);
        TokenExchangeGrant grant;
        try {
            grant = new TokenExchangeGrant(new TypelessToken(exchange.subjectToken()),
                    TokenTypeURI.parse(exchange.subjectTokenType()), null, null,
                    exchange.requestedTokenType() == null ? null
                            : TokenTypeURI.parse(exchange.requestedTokenType()),
                    exchange.audience() == null ? null : List.of(new Audience(exchange.audience())));
        } catch (ParseException | IllegalArgumentException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "invalid token exchange request: " + e.getMessage(), e);
        }
        HTTPResponse response = send(endpoint, grant, exchange.scopes(), "token exchange request",
                List.of(exchange.subjectToken()));
        String where = "token exchange response from `" + endpoint.uri() + "`";
        String body = response.getBody() == null ? "" : response.getBody();
        ObjectNode json = Json.parseObject(body.getBytes(StandardCharsets.UTF_8), where);
        String token = Json.optString(json, "access_token", where).orElse("");
        if (token.isEmpty()) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, where + " has no access_token (RFC 8693 §2.2.1)");
        }
        String issuedType = Json.optString(json, "issued_token_type", where).orElse(null);
        if (issuedType == null) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                    where + " has no issued_token_type (RFC 8693 §2.2.1)");
        }
        return new ExchangedToken(token, issuedType, Json.optString(json, "token_type", where).orElse("N_A"));
    }

    private Tokens call(TokenEndpoint endpoint, AuthorizationGrant grant, Set<String> scopes, String what,
                        List<String> grantSecrets) {
        List<String> sensitive = sensitive(endpoint, grantSecrets);
        Instant sentAt = clock.instant();
        HTTPResponse response = send(endpoint, grant, scopes, what, grantSecrets);
        return parseSuccess(endpoint.uri(), response, scopes, sentAt, sensitive, http.dpop().isPresent());
    }

    /**
     * Sends the request, with a DPoP proof when the transport has {@link DPoPProofs} (RFC 9449 §5),
     * and once more with the server's nonce when it answers {@code use_dpop_nonce} (RFC 9449 §8). The
     * request is built afresh for the retry, so a client assertion is never replayed.
     */
    private HTTPResponse send(TokenEndpoint endpoint, AuthorizationGrant grant, Set<String> scopes, String what,
                              List<String> grantSecrets) {
        List<String> sensitive = sensitive(endpoint, grantSecrets);
        DPoPProofs dpop = http.dpop().orElse(null);
        URI uri = endpoint.uri();
        for (int attempt = 1; ; attempt++) {
            HTTPRequest request = buildRequest(endpoint, grant, scopes, what).toHTTPRequest();
            if (dpop != null) {
                request.setHeader(DPoPProofs.HEADER, dpop.proof("POST", uri));
            }
            LOG.debug("Sending the {} to {} (client {})", what, uri, endpoint.client().clientId());
            HTTPResponse response = NimbusHttp.send(http, request);
            boolean newNonce = dpop != null && dpop.rememberNonce(uri, response.getHeaderValue(DPoPProofs.NONCE_HEADER));
            if (response.getStatusCode() == HTTPResponse.SC_OK) {
                return response;
            }
            if (attempt == 1 && newNonce && DPoPProofs.USE_DPOP_NONCE.equals(errorCode(response))) {
                LOG.debug("The token endpoint {} asked for a DPoP nonce; retrying with it", uri);
                continue;
            }
            throw rejected(uri, response, what, sensitive);
        }
    }

    private static String errorCode(HTTPResponse response) {
        try {
            TokenResponse parsed = TokenResponse.parse(response);
            return parsed.indicatesSuccess() ? null : parsed.toErrorResponse().getErrorObject().getCode();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static TokenRequest buildRequest(TokenEndpoint endpoint, AuthorizationGrant grant, Set<String> scopes,
                                             String what) {
        URI uri = endpoint.uri();
        ClientAuthentication auth = ClientAuthentications.forClient(endpoint.client(), uri, endpoint.issuer(),
                endpoint.authMethodsSupported());
        if (auth == null && grant instanceof ClientCredentialsGrant) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "the client credentials grant needs client"
                    + " authentication, and the client `" + endpoint.client().clientId() + "` has none (RFC 6749 §4.4.2)",
                    "Configure a client secret or signing key for this client.", null);
        }
        TokenRequest.Builder builder = auth != null
                ? new TokenRequest.Builder(uri, auth, grant)
                : new TokenRequest.Builder(uri, new ClientID(endpoint.client().clientId()), grant);
        if (!scopes.isEmpty()) {
            builder.scope(Scope.parse(Scopes.format(scopes)));
        }
        if (endpoint.resource() != null) {
            builder.resources(endpoint.resource().uri());
        }
        TokenRequest request;
        try {
            request = builder.build();
        } catch (IllegalArgumentException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                    "cannot build the " + what + " for `" + uri + "`: " + e.getMessage(), e);
        }
        return request;
    }

    private static List<String> sensitive(TokenEndpoint endpoint, List<String> grantSecrets) {
        List<String> sensitive = new ArrayList<>(grantSecrets);
        endpoint.client().secret().map(Secret::getValue).ifPresent(sensitive::add);
        return sensitive;
    }

    private static McpOAuthException rejected(URI uri, HTTPResponse response, String what, List<String> sensitive) {
        ErrorObject error = null;
        try {
            TokenResponse parsed = TokenResponse.parse(response);
            if (!parsed.indicatesSuccess()) {
                error = parsed.toErrorResponse().getErrorObject();
            }
        } catch (ParseException | RuntimeException e) {
            // Not an RFC 6749 §5.2 error body; the status alone is reported.
        }
        String code = error == null ? null : error.getCode();
        if (code == null || code.isEmpty()) {
            return new McpOAuthException(ErrorCode.TOKEN_REJECTED, "the token endpoint `" + uri + "` answered the "
                    + what + " with HTTP " + response.getStatusCode() + " and no OAuth error (RFC 6749 §5.2)");
        }
        StringBuilder detail = new StringBuilder("the token endpoint `").append(uri).append("` rejected the ")
                .append(what).append(": ").append(ServerText.sanitize(code, sensitive));
        if (error.getDescription() != null && !error.getDescription().isEmpty()) {
            detail.append(" (").append(ServerText.sanitize(error.getDescription(), sensitive)).append(')');
        }
        ErrorCode errorCode = code.equals("invalid_grant") ? ErrorCode.INVALID_GRANT : ErrorCode.TOKEN_REJECTED;
        boolean echoesASecret = sensitive.stream().anyMatch(secret -> !secret.isEmpty() && code.contains(secret));
        return McpOAuthException.fromServer(errorCode, echoesASecret ? null : code, detail.toString(), null);
    }

    private static Tokens parseSuccess(URI uri, HTTPResponse response, Set<String> requested, Instant sentAt,
                                       List<String> sensitive, boolean dpopSent) {
        String where = "token response from `" + uri + "`";
        String body = response.getBody() == null ? "" : response.getBody();
        ObjectNode json = Json.parseObject(body.getBytes(StandardCharsets.UTF_8), where);
        // A hostile server may echo the tokens it just issued in other members: never print them.
        sensitive = new ArrayList<>(sensitive);
        for (String member : List.of("access_token", "refresh_token", "id_token")) {
            if (json.path(member).isTextual() && !json.path(member).textValue().isEmpty()) {
                sensitive.add(json.path(member).textValue());
            }
        }
        String tokenType = Json.optString(json, "token_type", where).orElse(null);
        if (tokenType == null) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                    "token response has no token_type; only Bearer is supported (RFC 6749 §5.1)");
        }
        boolean dpopBound = dpopSent && tokenType.equalsIgnoreCase(DPoPProofs.SCHEME);
        if (!tokenType.equalsIgnoreCase("Bearer") && !dpopBound) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, "token response has token_type `"
                    + ServerText.sanitize(tokenType, sensitive) + "`; only Bearer"
                    + (dpopSent ? " and DPoP are" : " is") + " supported");
        }
        AccessTokenResponse success;
        try {
            success = TokenResponse.parse(response).toSuccessResponse();
        } catch (ParseException e) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                    where + " is not a valid token response: " + ServerText.sanitize(e.getMessage(), sensitive)
                            + " (RFC 6749 §5.1)", e);
        }
        AccessToken access = success.getTokens().getAccessToken();
        RefreshToken refresh = success.getTokens().getRefreshToken();
        long lifetime = access.getLifetime();
        Instant expiresAt = lifetime > 0 ? sentAt.plusSeconds(lifetime) : null;
        Set<String> granted = access.getScope() != null
                ? Scopes.parse(access.getScope().toString())
                : requested;
        return new Tokens(access.getValue(), dpopBound ? DPoPProofs.SCHEME : "Bearer",
                refresh == null ? null : refresh.getValue(), expiresAt, granted);
    }

    private static void requireSecure(TokenEndpoint endpoint) {
        URI uri = endpoint.uri();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || (scheme.equals("http") && Urls.isLoopbackHost(uri.getHost())))) {
            throw new McpOAuthException(ErrorCode.INSECURE_ENDPOINT, "refusing to call the token endpoint `" + uri
                    + "`: it must use TLS unless its host is loopback (RFC 6749 §3.2)");
        }
    }
}

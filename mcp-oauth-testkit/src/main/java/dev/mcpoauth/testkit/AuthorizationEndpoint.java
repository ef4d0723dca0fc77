package dev.mcpoauth.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authorization endpoint (authorization code grant with mandatory S256 PKCE and RFC 8707 resource).
 *
 * <p>Problems with {@code client_id} or {@code redirect_uri} answer 400 with an HTML page and never redirect. Every
 * other problem redirects to the redirect URI with {@code error}, {@code error_description}, {@code state} and (per
 * {@link IssMode}) {@code iss}. {@code GET} starts a request; with {@link Approval#CONSENT_PAGE} the consent form
 * {@code POST}s the decision back to the same URL.
 */
final class AuthorizationEndpoint {

    private static final Duration CONSENT_LIFETIME = Duration.ofMinutes(10);

    private record Consent(PendingAuthorization authorization, Instant expiresAt) {
    }

    private final Settings settings;
    private final Topology topology;
    private final ClientRegistry clients;
    private final ClientMetadataFetcher fetcher;
    private final TokenStore tokens;
    private final Map<String, Consent> consents = new ConcurrentHashMap<>();

    AuthorizationEndpoint(Settings settings, Topology topology, ClientRegistry clients, ClientMetadataFetcher fetcher,
                          TokenStore tokens) {
        this.settings = settings;
        this.topology = topology;
        this.clients = clients;
        this.fetcher = fetcher;
        this.tokens = tokens;
    }

    Response start(Request request) throws InterruptedException {
        Params params;
        try {
            params = Params.parse(request.rawQuery());
        } catch (IllegalArgumentException e) {
            return errorPage("the query string is malformed");
        }
        if (params.all("client_id").size() > 1 || params.all("redirect_uri").size() > 1) {
            return errorPage("client_id and redirect_uri must each be given once");
        }
        String clientId = params.get("client_id");
        if (clientId == null) {
            return errorPage("client_id is required");
        }
        Client client;
        try {
            client = resolve(clientId);
        } catch (ClientMetadataFetcher.InvalidClientException e) {
            return errorPage("invalid client: " + e.getMessage());
        }
        if (client == null) {
            return errorPage("unknown client_id: " + clientId);
        }
        String redirectUri = params.get("redirect_uri");
        if (redirectUri == null) {
            return errorPage("redirect_uri is required");
        }
        if (!client.acceptsRedirect(redirectUri)) {
            return errorPage("redirect_uri " + redirectUri + " is not registered for client " + clientId);
        }

        String state = params.get("state");
        String duplicate = params.firstDuplicate(Set.of("resource"));
        if (duplicate != null) {
            return errorRedirect(redirectUri, state, "invalid_request", "parameter " + duplicate
                    + " must not be repeated");
        }
        String responseType = params.get("response_type");
        if (responseType == null) {
            return errorRedirect(redirectUri, state, "invalid_request", "response_type is required");
        }
        if (!"code".equals(responseType)) {
            return errorRedirect(redirectUri, state, "unsupported_response_type", "only response_type=code");
        }
        if (!client.allowsGrant("authorization_code")) {
            return errorRedirect(redirectUri, state, "unauthorized_client",
                    "client is not registered for the authorization_code grant");
        }
        String challenge = params.get("code_challenge");
        String method = params.get("code_challenge_method");
        if (challenge == null) {
            return errorRedirect(redirectUri, state, "invalid_request", "code_challenge is required (PKCE)");
        }
        if (!"S256".equals(method)) {
            return errorRedirect(redirectUri, state, "invalid_request",
                    "code_challenge_method must be S256, was " + method);
        }
        if (!Pkce.isWellFormedS256Challenge(challenge)) {
            return errorRedirect(redirectUri, state, "invalid_request",
                    "code_challenge must be 43 base64url characters (unpadded SHA-256)");
        }
        List<String> resources = params.all("resource");
        if (resources.size() != 1 || !resources.get(0).equals(topology.mcpUrlString())) {
            return errorRedirect(redirectUri, state, "invalid_target", "resource must be exactly "
                    + topology.mcpUrlString() + ", was " + (resources.isEmpty() ? "absent" : resources));
        }
        Set<String> scopes = Scopes.parse(params.get("scope"));
        if (settings.rejectUnknownScopes()) {
            for (String scope : scopes) {
                if (!settings.scopesSupported().contains(scope)) {
                    return errorRedirect(redirectUri, state, "invalid_scope", "unknown scope " + scope);
                }
            }
        }
        if (settings.authorizeError() != null) {
            return errorRedirect(redirectUri, state, settings.authorizeError(),
                    "the test server is configured to answer " + settings.authorizeError());
        }
        PendingAuthorization pending = new PendingAuthorization(client.clientId(), client.displayName(), redirectUri,
                state, challenge, resources.get(0), scopes);
        if (settings.approval() == Approval.AUTO) {
            return codeRedirect(pending);
        }
        String requestId = Ids.random();
        consents.put(requestId, new Consent(pending, Instant.now().plus(CONSENT_LIFETIME)));
        return Response.html(200, ConsentPage.render(topology.authorizationEndpoint(), requestId,
                        pending.clientName(), scopes))
                .withHeader("Cache-Control", "no-store")
                .withHeader("X-Frame-Options", "DENY");
    }

    /** The consent form's POST: {@code request_id} and {@code decision=approve|deny}. */
    Response decide(Request request) {
        if (!request.hasContentType("application/x-www-form-urlencoded")) {
            return errorPage("the consent decision must be an application/x-www-form-urlencoded form");
        }
        Params form;
        try {
            form = Params.parse(request.body());
        } catch (IllegalArgumentException e) {
            return errorPage("the form is malformed");
        }
        String decision = form.get(ConsentPage.DECISION);
        if (!"approve".equals(decision) && !"deny".equals(decision)) {
            return errorPage("decision must be approve or deny");
        }
        String requestId = form.get(ConsentPage.REQUEST_ID);
        Consent consent = requestId == null ? null : consents.remove(requestId);
        if (consent == null || Instant.now().isAfter(consent.expiresAt())) {
            return errorPage("unknown, expired or already decided consent request");
        }
        PendingAuthorization pending = consent.authorization();
        if ("deny".equals(decision)) {
            return errorRedirect(pending.redirectUri(), pending.state(), "access_denied",
                    "the user denied the request");
        }
        return codeRedirect(pending);
    }

    /** Known clients first; a URL client_id is resolved by fetching its metadata document (if CIMD is on). */
    private Client resolve(String clientId) throws ClientMetadataFetcher.InvalidClientException,
            InterruptedException {
        Client known = clients.find(clientId);
        if (known != null && known.view() == null) {
            return known;
        }
        if (settings.cimd() && ClientMetadataFetcher.isUrl(clientId)) {
            Client fetched = fetcher.fetch(clientId);
            clients.put(fetched);
            return fetched;
        }
        return known;
    }

    private Response codeRedirect(PendingAuthorization pending) {
        String code = tokens.newCode(pending.clientId(), pending.redirectUri(), pending.codeChallenge(),
                pending.resource(), pending.scopes());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        params.put("state", pending.state());
        params.put("iss", topology.issParameter());
        return Response.redirect(append(pending.redirectUri(), params));
    }

    private Response errorRedirect(String redirectUri, String state, String error, String description) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error);
        params.put("error_description", description);
        params.put("state", state);
        params.put("iss", topology.issParameter());
        return Response.redirect(append(redirectUri, params));
    }

    private static String append(String redirectUri, Map<String, String> params) {
        return redirectUri + (redirectUri.contains("?") ? "&" : "?") + Params.encode(params);
    }

    private static Response errorPage(String message) {
        return Response.html(400, ConsentPage.error(message)).withHeader("Cache-Control", "no-store");
    }
}

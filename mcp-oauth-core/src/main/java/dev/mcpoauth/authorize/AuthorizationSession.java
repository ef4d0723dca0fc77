package dev.mcpoauth.authorize;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.internal.ServerText;
import java.net.URI;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One authorization request in flight: its PKCE verifier, {@code state}, the issuer it was sent to
 * and everything the callback must be checked against.
 *
 * <p>It builds the authorization URL (RFC 6749 §4.1.1 with PKCE S256, RFC 7636; {@code resource},
 * RFC 8707) and validates the authorization response: {@code state} (RFC 6749 §10.12), then
 * {@code iss} (RFC 9207 §2.4), then {@code error} or {@code code}. The verifier and state are
 * random per session and never appear in {@code toString}.
 *
 * <pre>{@code
 * AuthorizationSession session = AuthorizationSession.create(AuthorizationSession.Settings.builder(
 *         authorizationEndpoint, issuer, clientId, redirectUri).resource(resource).scopes(scopes).build());
 * URI url = session.authorizationUrl();
 * String code = session.validate(CallbackParameters.parseUrl(pastedUrl));
 * }</pre>
 */
public final class AuthorizationSession {
    /** The scope that asks for a refresh token (OpenID Connect Core §11). */
    static final String OFFLINE_ACCESS = "offline_access";
    private final Settings settings;
    private final CodeVerifier verifier;
    private final State state;
    private final URI authorizationUrl;

    private AuthorizationSession(Settings settings, CodeVerifier verifier, State state) {
        this.settings = settings;
        this.verifier = verifier;
        this.state = state;
        this.authorizationUrl = buildUrl();
    }

    /** Starts a session with a fresh verifier (256 bits of entropy) and state (256 bits). */
    public static AuthorizationSession create(Settings settings) {
        return new AuthorizationSession(settings, new CodeVerifier(), new State(32));
    }

    private URI buildUrl() {
        AuthorizationRequest.Builder builder = new AuthorizationRequest.Builder(ResponseType.CODE,
                new ClientID(settings.clientId))
                .endpointURI(settings.authorizationEndpoint)
                .redirectionURI(settings.redirectUri)
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        if (!settings.scopes.isEmpty()) {
            builder.scope(new Scope(settings.scopes.toArray(new String[0])));
        }
        if (settings.scopes.contains(OFFLINE_ACCESS)) {
            // OpenID Connect Core §11: an OpenID provider ignores offline_access unless the request
            // asks for consent, and then issues no refresh token. Plain OAuth servers ignore prompt.
            builder.customParameter("prompt", "consent");
        }
        if (settings.resource != null) {
            builder.resource(settings.resource.uri());
        }
        return builder.build().toURI();
    }

    /** The URL to open in a browser. */
    public URI authorizationUrl() {
        return authorizationUrl;
    }

    /** The PKCE code verifier, for the token request. */
    public String codeVerifier() {
        return verifier.getValue();
    }

    public Settings settings() {
        return settings;
    }

    /** Whether the parameters carry this session's state (constant-time comparison). */
    public boolean matchesState(CallbackParameters params) {
        String received = params.get("state").orElse(null);
        return received != null && MessageDigest.isEqual(
                received.getBytes(StandardCharsets.UTF_8), state.getValue().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Validates an authorization response and returns the authorization code.
     *
     * <p>Order matters: a response whose {@code state} or {@code iss} is wrong is not acted on, and
     * its {@code error} parameters are not shown, since they may come from an attacker (RFC 9207 §2.4).
     *
     * @throws McpOAuthException {@link ErrorCode#STATE_MISMATCH}, {@link ErrorCode#ISSUER_MISMATCH_CALLBACK},
     *     {@link ErrorCode#AUTHORIZATION_DENIED} or {@link ErrorCode#MALFORMED_RESPONSE}
     */
    public String validate(CallbackParameters params) {
        if (!params.duplicates().isEmpty()) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                    "the authorization response repeats the parameter(s) " + params.duplicates() + " (RFC 6749 §3.1)");
        }
        if (params.get("state").isEmpty()) {
            throw new McpOAuthException(ErrorCode.STATE_MISMATCH,
                    "the authorization response has no `state` parameter (RFC 6749 §4.1.2)");
        }
        if (!matchesState(params)) {
            throw new McpOAuthException(ErrorCode.STATE_MISMATCH,
                    "the authorization response's `state` does not match this login (RFC 6749 §10.12)");
        }
        String iss = params.get("iss").orElse(null);
        if (iss == null && settings.issParameterSupported) {
            throw new McpOAuthException(ErrorCode.ISSUER_MISMATCH_CALLBACK,
                    "the authorization server advertises the `iss` response parameter but the response has none (RFC 9207 §2.4)");
        }
        if (iss != null && !iss.equals(settings.issuer)) {
            throw new McpOAuthException(ErrorCode.ISSUER_MISMATCH_CALLBACK,
                    "the authorization response came from issuer `" + ServerText.sanitize(iss) + "`, not `" + settings.issuer
                            + "` (RFC 9207 §2.4)");
        }
        String error = params.get("error").orElse(null);
        if (error != null) {
            String description = params.get("error_description").map(ServerText::sanitize).orElse("");
            throw McpOAuthException.fromServer(ErrorCode.AUTHORIZATION_DENIED, error,
                    "the authorization server answered `" + ServerText.sanitize(error) + "`"
                            + (description.isEmpty() ? "" : ": " + description),
                    hintFor(error));
        }
        String code = params.get("code").orElse("");
        if (code.isEmpty()) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                    "the authorization response has neither `code` nor `error` (RFC 6749 §4.1.2)");
        }
        return code;
    }

    private static String hintFor(String error) {
        switch (error) {
            case "access_denied":
                return "The request was declined; start the login again and approve it.";
            case "invalid_scope":
                return "The authorization server rejected the requested scopes; try again with other scopes or none.";
            case "invalid_target":
                return "The authorization server does not know this MCP server as a resource; check the server URL or `oauth_resource`.";
            default:
                return ErrorCode.AUTHORIZATION_DENIED.hint();
        }
    }

    @Override
    public String toString() {
        return "AuthorizationSession[issuer=" + settings.issuer + ", clientId=" + settings.clientId + "]";
    }

    /** What an authorization request is made of. Build with {@link #builder}. */
    public static final class Settings {
        private final URI authorizationEndpoint;
        private final String issuer;
        private final String clientId;
        private final URI redirectUri;
        private final ResourceUri resource;
        private final List<String> scopes;
        private final boolean issParameterSupported;

        private Settings(Builder b) {
            this.authorizationEndpoint = b.authorizationEndpoint;
            this.issuer = b.issuer;
            this.clientId = b.clientId;
            this.redirectUri = b.redirectUri;
            this.resource = b.resource;
            this.scopes = List.copyOf(b.scopes);
            this.issParameterSupported = b.issParameterSupported;
        }

        public static Builder builder(URI authorizationEndpoint, String issuer, String clientId, URI redirectUri) {
            return new Builder(authorizationEndpoint, issuer, clientId, redirectUri);
        }

        public URI authorizationEndpoint() {
            return authorizationEndpoint;
        }

        public String issuer() {
            return issuer;
        }

        public String clientId() {
            return clientId;
        }

        public URI redirectUri() {
            return redirectUri;
        }

        /** May be {@code null} when no resource indicator is sent. */
        public ResourceUri resource() {
            return resource;
        }

        public List<String> scopes() {
            return scopes;
        }

        public boolean issParameterSupported() {
            return issParameterSupported;
        }

        public static final class Builder {
            private final URI authorizationEndpoint;
            private final String issuer;
            private final String clientId;
            private final URI redirectUri;
            private ResourceUri resource;
            private List<String> scopes = List.of();
            private boolean issParameterSupported;

            private Builder(URI authorizationEndpoint, String issuer, String clientId, URI redirectUri) {
                this.authorizationEndpoint = Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
                this.issuer = Objects.requireNonNull(issuer, "issuer");
                this.clientId = Objects.requireNonNull(clientId, "clientId");
                this.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri");
            }

            public Builder resource(ResourceUri resource) {
                this.resource = resource;
                return this;
            }

            public Builder scopes(java.util.Collection<String> scopes) {
                this.scopes = List.copyOf(new java.util.LinkedHashSet<>(scopes));
                return this;
            }

            /** Whether the AS advertises {@code authorization_response_iss_parameter_supported} (RFC 9207 §3). */
            public Builder issParameterSupported(boolean supported) {
                this.issParameterSupported = supported;
                return this;
            }

            public Settings build() {
                return new Settings(this);
            }
        }
    }

    /** Scopes as a set, for callers that compare them. */
    public Set<String> scopeSet() {
        return Set.copyOf(settings.scopes);
    }
}

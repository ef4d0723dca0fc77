package dev.mcpoauth.token;

import java.util.Objects;
import java.util.Set;

/**
 * A token exchange request (RFC 8693 §2.1), for {@link TokenClient#exchangeToken}.
 *
 * <pre>{@code
 * TokenExchange exchange = new TokenExchange(idToken, TokenExchange.ID_TOKEN, TokenExchange.ID_JAG,
 *         "https://auth.example.com", Set.of());
 * }</pre>
 *
 * @param subjectToken       the token to exchange; required
 * @param subjectTokenType   its type URI, e.g. {@link #ID_TOKEN}; required
 * @param requestedTokenType the type wanted, e.g. {@link #ID_JAG}, or {@code null} to let the server choose
 * @param audience           the logical name of the target service (an authorization server's issuer), or {@code null}
 * @param scopes             scopes to ask for; empty for none
 */
public record TokenExchange(String subjectToken, String subjectTokenType, String requestedTokenType, String audience,
                            Set<String> scopes) {
    /** RFC 8693 §3: an OpenID Connect ID token. */
    public static final String ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
    /** RFC 8693 §3: an OAuth access token. */
    public static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    /** draft-ietf-oauth-identity-assertion-authz-grant: an Identity Assertion JWT Authorization Grant. */
    public static final String ID_JAG = "urn:ietf:params:oauth:token-type:id-jag";

    public TokenExchange {
        Objects.requireNonNull(subjectToken, "subjectToken");
        Objects.requireNonNull(subjectTokenType, "subjectTokenType");
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "TokenExchange[subjectToken=***, subjectTokenType=" + subjectTokenType + ", requestedTokenType="
                + requestedTokenType + ", audience=" + audience + ", scopes=" + scopes + "]";
    }
}

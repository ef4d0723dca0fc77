package dev.mcpoauth.token;

import java.util.Objects;

/**
 * What a token exchange issued (RFC 8693 §2.2.1). {@code toString()} never shows the token.
 *
 * @param token           the issued token (the response's {@code access_token}, whatever its type)
 * @param issuedTokenType its type URI, e.g. {@link TokenExchange#ID_JAG}
 * @param tokenType       how it is used: {@code Bearer}, or {@code N_A} when it is not an access token
 */
public record ExchangedToken(String token, String issuedTokenType, String tokenType) {
    public ExchangedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(issuedTokenType, "issuedTokenType");
        Objects.requireNonNull(tokenType, "tokenType");
    }

    @Override
    public String toString() {
        return "ExchangedToken[token=***, issuedTokenType=" + issuedTokenType + ", tokenType=" + tokenType + "]";
    }
}

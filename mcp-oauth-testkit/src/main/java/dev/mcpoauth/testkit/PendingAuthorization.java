package dev.mcpoauth.testkit;

import java.util.Set;

/**
 * A fully validated authorization request, waiting for a code (or for the consent decision).
 *
 * @param clientId      the client
 * @param clientName    the name to show on the consent page
 * @param redirectUri   the redirect URI as requested
 * @param state         the state to return verbatim, or {@code null}
 * @param codeChallenge the S256 code challenge
 * @param resource      the requested resource
 * @param scopes        the requested (and granted) scopes
 */
record PendingAuthorization(String clientId, String clientName, String redirectUri, String state,
                            String codeChallenge, String resource, Set<String> scopes) {
}

package dev.mcpoauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import org.junit.jupiter.api.Test;

/**
 * Whether {@code mcp-oauth login} retries without the discovered scopes: it decides on the OAuth
 * error code the server answered with ({@link McpOAuthException#oauthError()}), never on message
 * text. The retry itself is run end to end in {@link LoginCommandTest}.
 */
class InvalidScopeRetryTest {
    @Test
    void anInvalidScopeAnswerWithAnyDescriptionIsRetried() {
        McpOAuthException answered = McpOAuthException.fromServer(ErrorCode.AUTHORIZATION_DENIED, "invalid_scope",
                "the authorization server answered `invalid_scope`: Scope mcp:admin is reserved for staff", null);
        McpOAuthException withoutDescription = McpOAuthException.fromServer(ErrorCode.AUTHORIZATION_DENIED, "invalid_scope",
                "the authorization server said no", null);
        assertThat(InteractiveLogin.isInvalidScope(answered)).isTrue();
        assertThat(InteractiveLogin.isInvalidScope(withoutDescription)).isTrue();
    }

    @Test
    void aMessageThatMerelyMentionsInvalidScopeIsNotRetried() {
        McpOAuthException other = new McpOAuthException(ErrorCode.AUTHORIZATION_DENIED,
                "the authorization server answered `access_denied`: not `invalid_scope`, just no");
        McpOAuthException deniedForAnotherReason = McpOAuthException.fromServer(ErrorCode.AUTHORIZATION_DENIED,
                "access_denied", "the authorization server answered `access_denied`: invalid_scope", null);
        assertThat(InteractiveLogin.isInvalidScope(other)).isFalse();
        assertThat(InteractiveLogin.isInvalidScope(deniedForAnotherReason)).isFalse();
    }

    @Test
    void anInvalidScopeFromTheTokenEndpointIsNotAnAuthorizationAnswer() {
        McpOAuthException fromTokenEndpoint = McpOAuthException.fromServer(ErrorCode.TOKEN_REJECTED, "invalid_scope",
                "the token endpoint rejected the authorization code: invalid_scope", null);
        assertThat(InteractiveLogin.isInvalidScope(fromTokenEndpoint)).isFalse();
    }
}

package dev.mcpoauth.mcpsdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AuthorizationAttemptsTest {
    private static final String RESOURCE = "https://mcp.example.com/mcp";
    private final AuthorizationAttempts attempts = new AuthorizationAttempts();

    private static McpOperation call(String id) {
        return new McpOperation("tools/call", "deploy", id);
    }

    @Nested
    class ForOneRequest {
        @Test
        void allowsThreeAuthorizations() {
            attempts.sending(RESOURCE, call("7"));

            assertThat(attempts.tryAcquire(RESOURCE, call(null))).isTrue();
            assertThat(attempts.tryAcquire(RESOURCE, call(null))).isTrue();
            assertThat(attempts.tryAcquire(RESOURCE, call(null))).isTrue();
        }

        @Test
        void doesNotAllowAFourth() {
            attempts.sending(RESOURCE, call("7"));
            for (int i = 0; i < AuthorizationAttempts.MAX_ATTEMPTS; i++) {
                attempts.tryAcquire(RESOURCE, call(null));
            }

            assertThat(attempts.tryAcquire(RESOURCE, call(null))).isFalse();
            assertThat(attempts.count(RESOURCE, call(null))).isEqualTo(3);
        }

        @Test
        void aReplayOfTheSameRequestKeepsTheCount() {
            attempts.sending(RESOURCE, call("7"));
            attempts.tryAcquire(RESOURCE, call(null));
            attempts.sending(RESOURCE, call("7"));

            assertThat(attempts.count(RESOURCE, call(null))).isEqualTo(1);
        }
    }

    @Test
    void aNewRequestForTheOperationStartsAfresh() {
        attempts.sending(RESOURCE, call("7"));
        for (int i = 0; i < AuthorizationAttempts.MAX_ATTEMPTS; i++) {
            attempts.tryAcquire(RESOURCE, call(null));
        }

        attempts.sending(RESOURCE, call("8"));

        assertThat(attempts.tryAcquire(RESOURCE, call(null))).isTrue();
    }

    @Test
    void operationsAndResourcesAreCountedApart() {
        for (int i = 0; i < AuthorizationAttempts.MAX_ATTEMPTS; i++) {
            attempts.tryAcquire(RESOURCE, call(null));
        }

        assertThat(attempts.tryAcquire(RESOURCE, new McpOperation("tools/call", "other", null))).isTrue();
        assertThat(attempts.tryAcquire("https://other.example.com/mcp", call(null))).isTrue();
    }
}

package dev.mcpoauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopesTest {

    @Test
    void parsesSpaceSeparatedScopesInOrderWithoutDuplicates() {
        assertThat(Scopes.parse(" mcp:write  mcp:read mcp:write ")).containsExactly("mcp:write", "mcp:read");
    }

    @Test
    void parsesNullAndBlankAsNone() {
        assertThat(Scopes.parse(null)).isEmpty();
        assertThat(Scopes.parse("   ")).isEmpty();
    }

    @Test
    void parsedSetsAreUnmodifiable() {
        assertThatThrownBy(() -> Scopes.parse("a").add("b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void formatsWithSingleSpaces() {
        assertThat(Scopes.format(List.of("b", "a", "b"))).isEqualTo("b a");
        assertThat(Scopes.format(List.of())).isEmpty();
    }

    @Test
    void refusesToFormatAScopeThatWouldChangeTheJoinedString() {
        assertThatThrownBy(() -> Scopes.format(List.of("read write")))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.detail()).startsWith("invalid scope `read write`");
                });
        assertThatThrownBy(() -> Scopes.format(List.of(""))).isInstanceOf(McpOAuthException.class);
        assertThatThrownBy(() -> Scopes.format(List.of("a\"b"))).isInstanceOf(McpOAuthException.class);
    }

    @Test
    void unitesInFirstSeenOrderSkippingNulls() {
        Set<String> union = Scopes.union(List.of("mcp:read", "offline_access"), null, Set.of("mcp:read"), List.of("mcp:admin"));

        assertThat(union).containsExactly("mcp:read", "offline_access", "mcp:admin");
        assertThatThrownBy(() -> union.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}

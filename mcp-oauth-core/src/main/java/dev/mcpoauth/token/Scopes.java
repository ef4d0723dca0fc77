package dev.mcpoauth.token;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * OAuth scope values: space-delimited, case-sensitive, order irrelevant (RFC 6749 §3.3). Sets
 * returned here keep insertion order, so what is shown and sent is stable, and are unmodifiable.
 *
 * <pre>{@code
 * Set<String> scopes = Scopes.parse("mcp:read  mcp:write");       // [mcp:read, mcp:write]
 * Scopes.format(Scopes.union(scopes, List.of("mcp:admin")));        // "mcp:read mcp:write mcp:admin"
 * }</pre>
 */
public final class Scopes {
    private Scopes() {
    }

    /** Splits a {@code scope} value on spaces; {@code null} or blank gives an empty set. */
    public static Set<String> parse(String spaceSeparated) {
        Set<String> out = new LinkedHashSet<>();
        if (spaceSeparated != null) {
            for (String token : spaceSeparated.split(" ")) {
                if (!token.isEmpty()) {
                    out.add(token);
                }
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * Joins scopes with single spaces, dropping duplicates; empty for none.
     *
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} for a scope that is empty or has a
     *     character outside RFC 6749 §3.3's {@code scope-token} (a space, a quote, a backslash, a
     *     control character), since it would change the meaning of the joined string
     */
    public static String format(Collection<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String scope : new LinkedHashSet<>(scopes)) {
            requireScopeToken(scope);
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(scope);
        }
        return out.toString();
    }

    /** The union of scope collections in first-seen order; {@code null} collections are skipped. */
    @SafeVarargs
    public static Set<String> union(Collection<String>... sets) {
        Set<String> out = new LinkedHashSet<>();
        for (Collection<String> set : sets) {
            if (set != null) {
                out.addAll(set);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    private static void requireScopeToken(String scope) {
        boolean valid = scope != null && !scope.isEmpty();
        for (int i = 0; valid && i < scope.length(); i++) {
            char c = scope.charAt(i);
            // scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
            valid = c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
        }
        if (!valid) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                    "invalid scope `" + scope + "`: a scope is one or more printable ASCII characters other than"
                            + " space, `\"` and `\\` (RFC 6749 §3.3)");
        }
    }
}

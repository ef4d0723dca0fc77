package dev.mcpoauth.testkit;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** RFC 6749 §3.3 scope strings: space-delimited, order-preserving sets. */
final class Scopes {

    private Scopes() {
    }

    static Set<String> parse(String scope) {
        Set<String> result = new LinkedHashSet<>();
        if (scope != null) {
            for (String token : scope.split(" ")) {
                if (!token.isEmpty()) {
                    result.add(token);
                }
            }
        }
        return Collections.unmodifiableSet(result);
    }

    static String format(Set<String> scopes) {
        return String.join(" ", scopes);
    }
}

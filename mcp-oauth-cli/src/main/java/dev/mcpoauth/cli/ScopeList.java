package dev.mcpoauth.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** {@code --scopes a,b}: comma- or space-separated; {@code --scopes ""} is an explicit empty list (request none). */
final class ScopeList {
    private ScopeList() {
    }

    static List<String> parse(String value) {
        LinkedHashSet<String> scopes = new LinkedHashSet<>();
        for (String part : value.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                scopes.add(part);
            }
        }
        return List.copyOf(new ArrayList<>(scopes));
    }
}

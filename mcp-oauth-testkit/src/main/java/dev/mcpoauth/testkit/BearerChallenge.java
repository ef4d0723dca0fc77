package dev.mcpoauth.testkit;

/** Builds an RFC 6750 §3 {@code WWW-Authenticate: Bearer ...} value; parameters appear in the order added. */
final class BearerChallenge {

    private final StringBuilder value = new StringBuilder("Bearer");
    private boolean first = true;

    /** Adds {@code name="value"} (quoted, with {@code \} and {@code "} escaped); {@code null} values are skipped. */
    BearerChallenge param(String name, String paramValue) {
        if (paramValue == null) {
            return this;
        }
        value.append(first ? " " : ", ").append(name).append("=\"")
                .append(paramValue.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        first = false;
        return this;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

package dev.mcpoauth.internal;

import java.util.Collection;
import java.util.List;

/** Makes text chosen by a remote server safe to put in a message. Not public API. */
public final class ServerText {
    /** Longest server-supplied text quoted in a message, in characters. */
    public static final int MAX_LENGTH = 200;

    private ServerText() {
    }

    /** Replaces control characters with spaces and caps the length at {@link #MAX_LENGTH}. */
    public static String sanitize(String text) {
        return sanitize(text, List.of());
    }

    /**
     * Replaces each occurrence of a sensitive value (a code, a token, a secret the server may echo)
     * with {@code ***}, then control characters with spaces, and caps the length at {@link #MAX_LENGTH}.
     */
    public static String sanitize(String text, Collection<String> sensitive) {
        if (text == null) {
            return "";
        }
        String redacted = text;
        for (String value : sensitive) {
            if (value != null && !value.isEmpty()) {
                redacted = redacted.replace(value, "***");
            }
        }
        StringBuilder out = new StringBuilder(Math.min(redacted.length(), MAX_LENGTH + 1));
        for (int i = 0; i < redacted.length() && out.length() < MAX_LENGTH; i++) {
            char c = redacted.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (redacted.length() > MAX_LENGTH) {
            if (Character.isHighSurrogate(out.charAt(out.length() - 1))) {
                out.setLength(out.length() - 1);
            }
            return out + "…";
        }
        return out.toString();
    }
}

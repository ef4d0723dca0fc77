package dev.mcpoauth.discovery;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code WWW-Authenticate} header (RFC 9110 §11.6.1): one or more challenges, each a
 * scheme with either a token68 or a list of auth-params.
 *
 * <p>The parser handles quoted strings with backslash escapes, several challenges in one header or
 * over several header lines, and optional whitespace around {@code =}. It never throws and runs in
 * linear time: on malformed input it returns the challenges completed before the fault and sets
 * {@link #malformed()}, so discovery can fall back to the well-known URLs.
 *
 * <pre>{@code
 * WwwAuthenticate header = WwwAuthenticate.parse(response.headers("www-authenticate"));
 * header.bearer().flatMap(Challenge::resourceMetadata).ifPresent(url -> ...);
 * }</pre>
 *
 * @param challenges the challenges in header order
 * @param malformed  whether the parser stopped at a syntax error
 */
public record WwwAuthenticate(List<Challenge> challenges, boolean malformed) {

    public WwwAuthenticate {
        challenges = List.copyOf(challenges);
    }

    /**
     * One challenge (RFC 9110 §11.3).
     *
     * @param scheme  the auth-scheme as written (compare case-insensitively)
     * @param token68 the token68 credentials, or {@code null}
     * @param params  the auth-params, names lower-cased, first occurrence kept, in order
     */
    public record Challenge(String scheme, String token68, Map<String, String> params) {

        public Challenge {
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /** A parameter by case-insensitive name. */
        public Optional<String> param(String name) {
            return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
        }

        public boolean isBearer() {
            return scheme.equalsIgnoreCase("Bearer");
        }

        /** The RFC 9728 §5.1 {@code resource_metadata} URL, when present and an absolute URI. */
        public Optional<URI> resourceMetadata() {
            return param("resource_metadata").flatMap(value -> {
                try {
                    URI uri = new URI(value.trim());
                    return uri.isAbsolute() ? Optional.of(uri) : Optional.<URI>empty();
                } catch (java.net.URISyntaxException e) {
                    return Optional.empty();
                }
            });
        }

        /** The {@code scope} parameter split on spaces (RFC 6750 §3); empty when absent. */
        public List<String> scopes() {
            return param("scope").map(WwwAuthenticate::splitScopes).orElse(List.of());
        }

        /** The RFC 6750 §3.1 {@code error} code, e.g. {@code insufficient_scope}. */
        public Optional<String> error() {
            return param("error");
        }
    }

    /** No challenges. */
    public static WwwAuthenticate none() {
        return new WwwAuthenticate(List.of(), false);
    }

    /** The first Bearer challenge. */
    public Optional<Challenge> bearer() {
        return challenges.stream().filter(Challenge::isBearer).findFirst();
    }

    /** Parses several header lines as one list of challenges (RFC 9110 §5.3). */
    public static WwwAuthenticate parse(List<String> headerValues) {
        List<Challenge> all = new ArrayList<>();
        boolean malformed = false;
        for (String value : headerValues) {
            WwwAuthenticate one = parse(value);
            all.addAll(one.challenges);
            malformed |= one.malformed;
        }
        return new WwwAuthenticate(all, malformed);
    }

    /** Parses one header value. Never throws. */
    public static WwwAuthenticate parse(String headerValue) {
        if (headerValue == null) {
            return none();
        }
        return new Parser(headerValue).parse();
    }

    static List<String> splitScopes(String scope) {
        List<String> out = new ArrayList<>();
        for (String part : scope.trim().split(" +")) {
            if (!part.isEmpty() && !out.contains(part)) {
                out.add(part);
            }
        }
        return List.copyOf(out);
    }

    /** A single-pass recursive-descent parser over the header text. */
    private static final class Parser {
        private final String s;
        private int pos;
        private final List<Challenge> challenges = new ArrayList<>();

        Parser(String s) {
            this.s = s;
        }

        WwwAuthenticate parse() {
            while (true) {
                skipWhitespaceAndCommas();
                if (atEnd()) {
                    return new WwwAuthenticate(challenges, false);
                }
                String scheme = token();
                if (scheme.isEmpty()) {
                    return new WwwAuthenticate(challenges, true);
                }
                if (!challenge(scheme)) {
                    return new WwwAuthenticate(challenges, true);
                }
            }
        }

        /** Reads what follows a scheme; false on a syntax error. */
        private boolean challenge(String scheme) {
            Map<String, String> params = new LinkedHashMap<>();
            int afterScheme = pos;
            skipSpaces();
            if (atEnd() || peek() == ',') {
                challenges.add(new Challenge(scheme, null, params));
                return true;
            }
            if (pos == afterScheme) {
                return false; // the scheme must be followed by a space
            }
            String token68 = tryToken68();
            if (token68 != null) {
                challenges.add(new Challenge(scheme, token68, params));
                return true;
            }
            while (true) {
                String name = token();
                if (name.isEmpty()) {
                    return false;
                }
                skipSpaces();
                if (atEnd() || peek() != '=') {
                    return false;
                }
                pos++;
                skipSpaces();
                String value;
                if (!atEnd() && peek() == '"') {
                    value = quotedString();
                    if (value == null) {
                        return false;
                    }
                } else {
                    value = token();
                    if (value.isEmpty()) {
                        return false;
                    }
                }
                params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
                skipSpaces();
                if (atEnd()) {
                    challenges.add(new Challenge(scheme, null, params));
                    return true;
                }
                if (peek() != ',') {
                    return false;
                }
                skipWhitespaceAndCommas();
                if (atEnd()) {
                    challenges.add(new Challenge(scheme, null, params));
                    return true;
                }
                if (!nextIsParam()) {
                    challenges.add(new Challenge(scheme, null, params));
                    return true; // a new challenge starts here
                }
            }
        }

        /** Whether a token followed by optional spaces and '=' starts at the current position. */
        private boolean nextIsParam() {
            int save = pos;
            String name = token();
            skipSpaces();
            boolean param = !name.isEmpty() && !atEnd() && peek() == '=';
            pos = save;
            return param;
        }

        /** A token68 that runs to the end of the challenge, or null (position unchanged). */
        private String tryToken68() {
            int save = pos;
            while (!atEnd() && isToken68Char(peek())) {
                pos++;
            }
            int body = pos;
            while (!atEnd() && peek() == '=') {
                pos++;
            }
            int end = pos;
            skipSpaces();
            if (body > save && (atEnd() || peek() == ',')) {
                return s.substring(save, end);
            }
            pos = save;
            return null;
        }

        /** A quoted string with quoted-pairs unescaped, or null when unterminated. */
        private String quotedString() {
            StringBuilder out = new StringBuilder();
            pos++; // opening quote
            while (!atEnd()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (atEnd()) {
                        return null;
                    }
                    out.append(s.charAt(pos++));
                } else {
                    out.append(c);
                }
            }
            return null;
        }

        private String token() {
            int start = pos;
            while (!atEnd() && isTchar(peek())) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private void skipSpaces() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        private void skipWhitespaceAndCommas() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == ',')) {
                pos++;
            }
        }

        private boolean atEnd() {
            return pos >= s.length();
        }

        private char peek() {
            return s.charAt(pos);
        }

        /** RFC 9110 §5.6.2 tchar. */
        private static boolean isTchar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }

        /** RFC 9110 §11.2 token68 characters (before the trailing '='s). */
        private static boolean isToken68Char(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
        }
    }
}

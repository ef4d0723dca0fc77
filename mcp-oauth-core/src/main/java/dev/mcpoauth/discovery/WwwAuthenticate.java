package dev.mcpoauth.discovery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed {@code WWW-Authenticate} response header (RFC 9110 §11.6.1): one or more challenges,
 * each an auth-scheme with either a token68 or a list of auth-params.
 *
 * <p>The parser follows the RFC 9110 §11.3 grammar: challenges separated by commas, auth-params
 * {@code token BWS "=" BWS ( token / quoted-string )}, quoted strings with backslash escapes
 * (quoted-pair, §5.6.4), several challenges in one header or over several header lines, empty
 * list elements. Scheme and parameter names compare case-insensitively; parameter names are kept
 * lower-cased. It never throws and runs in time linear in the header's length: on malformed input
 * it returns the challenges completed before the fault and sets {@link #malformed()}, so discovery
 * can fall back to the well-known URLs.
 *
 * <p>The parameters MCP clients read are those of RFC 6750 §3 ({@code scope}, {@code error}) and
 * RFC 9728 §5.1 ({@code resource_metadata}).
 *
 * <pre>{@code
 * WwwAuthenticate header = WwwAuthenticate.parse(
 *         "Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource\", scope=\"files:read\"");
 * Optional<URI> prm = header.bearer().flatMap(WwwAuthenticate.Challenge::resourceMetadata);
 * List<String> scopes = header.bearer().map(WwwAuthenticate.Challenge::scopes).orElse(List.of());
 * }</pre>
 *
 * @param challenges the challenges in header order, never {@code null}
 * @param malformed  whether the parser stopped at a syntax error (the challenges before it are kept)
 */
public record WwwAuthenticate(List<Challenge> challenges, boolean malformed) {

    public WwwAuthenticate {
        challenges = List.copyOf(challenges);
    }

    /**
     * One challenge (RFC 9110 §11.3).
     *
     * @param scheme  the auth-scheme as written (compare it case-insensitively), never {@code null}
     * @param token68 the token68 (RFC 9110 §11.2), or {@code null} when the challenge has none
     * @param params  the auth-params: names lower-cased, first occurrence of a name kept, in header
     *                order, unmodifiable; empty when none ({@code null} reads as empty)
     */
    public record Challenge(String scheme, String token68, Map<String, String> params) {

        public Challenge {
            Objects.requireNonNull(scheme, "scheme");
            Map<String, String> lowerCased = new LinkedHashMap<>();
            if (params != null) {
                params.forEach((name, value) -> lowerCased.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
            }
            params = Collections.unmodifiableMap(lowerCased);
        }

        /** A parameter by case-insensitive name; empty when absent. */
        public Optional<String> param(String name) {
            return name == null ? Optional.empty() : Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
        }

        /** Whether the scheme is {@code Bearer} (RFC 6750 §3), compared case-insensitively. */
        public boolean isBearer() {
            return scheme.equalsIgnoreCase("Bearer");
        }

        /**
         * The RFC 9728 §5.1 {@code resource_metadata} URL, when present and an absolute http(s) URL
         * with a host. Empty when absent <em>or</em> unusable: check {@link #param(String)} to tell
         * the two apart.
         */
        public Optional<URI> resourceMetadata() {
            return param("resource_metadata").flatMap(Challenge::httpUrl);
        }

        /** The {@code scope} parameter split on spaces (RFC 6750 §3, RFC 6749 §3.3); empty when absent. */
        public List<String> scopes() {
            return param("scope").map(WwwAuthenticate::splitScopes).orElse(List.of());
        }

        /** The RFC 6750 §3.1 {@code error} code, e.g. {@code invalid_token} or {@code insufficient_scope}. */
        public Optional<String> error() {
            return param("error");
        }

        private static Optional<URI> httpUrl(String value) {
            try {
                URI uri = new URI(value.trim());
                String scheme = uri.getScheme();
                boolean http = scheme != null && (scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"));
                return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }
    }

    /** No challenges. */
    public static WwwAuthenticate none() {
        return new WwwAuthenticate(List.of(), false);
    }

    /** The first challenge with scheme {@code Bearer} (case-insensitive), if any. */
    public Optional<Challenge> bearer() {
        return challenges.stream().filter(Challenge::isBearer).findFirst();
    }

    /**
     * Parses several header lines as one list of challenges (RFC 9110 §5.3), in order. A fault in
     * one line marks the result {@link #malformed()} but does not stop the following lines from
     * being read. Never throws; {@code null} (or a {@code null} line) reads as no challenges.
     */
    public static WwwAuthenticate parse(List<String> headerValues) {
        if (headerValues == null) {
            return none();
        }
        List<Challenge> all = new ArrayList<>();
        boolean malformed = false;
        for (String value : headerValues) {
            WwwAuthenticate one = parse(value);
            all.addAll(one.challenges);
            malformed |= one.malformed;
        }
        return new WwwAuthenticate(all, malformed);
    }

    /** Parses one header value. Never throws; {@code null} or an empty value reads as no challenges. */
    public static WwwAuthenticate parse(String headerValue) {
        if (headerValue == null) {
            return none();
        }
        return new Parser(headerValue).parse();
    }

    /** Splits a {@code scope} value on spaces (RFC 6749 §3.3), dropping empty and repeated tokens. */
    static List<String> splitScopes(String scope) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : scope.split(" ")) {
            if (!part.isEmpty()) {
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

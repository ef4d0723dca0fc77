package dev.mcpoauth.internal;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** URL helpers shared by the engine. Not public API. */
public final class Urls {
    private Urls() {
    }

    /**
     * Parses an absolute URL with a host, the way a WHATWG URL parser sees it for the http(s) URLs
     * MCP servers use: scheme and host lower-cased, default port dropped, empty path made {@code /},
     * dot segments removed, fragment dropped, query kept as is.
     *
     * @param what names the value in the error message, e.g. "MCP server URL"
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} when it is not such a URL
     */
    public static URI canonical(String url, String what) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException | NullPointerException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "invalid " + what + " `" + url + "`: not a URL", e);
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "invalid " + what + " `" + url + "`: not an absolute URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "invalid " + what + " `" + url + "`: it has no host");
        }
        return canonical(uri);
    }

    /** As {@link #canonical(String, String)}, for a URI known to be absolute with a host. */
    public static URI canonical(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if ((scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443)) {
            port = -1;
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        path = removeDotSegments(path);
        StringBuilder out = new StringBuilder(scheme).append("://");
        if (uri.getRawUserInfo() != null) {
            out.append(uri.getRawUserInfo()).append('@');
        }
        out.append(host);
        if (port != -1) {
            out.append(':').append(port);
        }
        out.append(path);
        if (uri.getRawQuery() != null) {
            out.append('?').append(uri.getRawQuery());
        }
        return URI.create(out.toString());
    }

    private static String removeDotSegments(String path) {
        if (!path.contains("/.")) {
            return path;
        }
        String[] segments = path.split("/", -1);
        List<String> out = new ArrayList<>();
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                if (last) {
                    out.add("");
                }
            } else if (segment.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                if (last) {
                    out.add("");
                }
            } else {
                out.add(segment);
            }
        }
        return "/" + String.join("/", out);
    }

    /**
     * Whether the host is a loopback name or address: {@code localhost} and its subdomains (RFC 6761
     * §6.3), an IPv4 literal in 127.0.0.0/8 (four decimal parts, so {@code 127.evil.example} is not
     * one), or the IPv6 literal {@code ::1} in any spelling. No DNS lookup is made.
     */
    public static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (h.indexOf(':') >= 0) {
            if (!h.matches("[0-9a-f:.%]+")) {
                return false;
            }
            try {
                // A string with a colon is parsed as an IPv6 literal, never looked up.
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (UnknownHostException | SecurityException e) {
                return false;
            }
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return parts[0].equals("127");
    }

    /** application/x-www-form-urlencoded encoding of one component (space as {@code +}). */
    public static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Decodes one application/x-www-form-urlencoded component. */
    public static String formDecode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /**
     * Parses a raw query string into its parameters, first value winning per name, in order.
     * A parameter that appears twice is reported in {@code duplicates}, since OAuth forbids repeats
     * (RFC 6749 §3.1).
     */
    public static Map<String, String> parseQuery(String rawQuery, List<String> duplicates) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = formDecode(eq >= 0 ? pair.substring(0, eq) : pair);
                value = eq >= 0 ? formDecode(pair.substring(eq + 1)) : "";
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (params.containsKey(name)) {
                duplicates.add(name);
            } else {
                params.put(name, value);
            }
        }
        return params;
    }

    /**
     * Sets one query parameter on a URL, replacing every existing parameter of that name and
     * keeping the others in order; the value is form-encoded.
     */
    public static String setQueryParam(URI uri, String name, String value) {
        StringBuilder query = new StringBuilder();
        String raw = uri.getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String rawName = eq >= 0 ? pair.substring(0, eq) : pair;
                String decodedName;
                try {
                    decodedName = formDecode(rawName);
                } catch (IllegalArgumentException e) {
                    decodedName = rawName;
                }
                if (!decodedName.equals(name)) {
                    if (query.length() > 0) {
                        query.append('&');
                    }
                    query.append(pair);
                }
            }
        }
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(formEncode(name)).append('=').append(formEncode(value));
        String s = uri.toString();
        int cut = s.indexOf('#');
        String base = cut >= 0 ? s.substring(0, cut) : s;
        int q = base.indexOf('?');
        if (q >= 0) {
            base = base.substring(0, q);
        }
        return base + "?" + query;
    }
}

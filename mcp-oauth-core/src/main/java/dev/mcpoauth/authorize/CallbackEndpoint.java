package dev.mcpoauth.authorize;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.internal.Urls;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the browser is sent back to: the redirect URI registered with the authorization server and
 * the local address the {@link CallbackListener} binds to serve it.
 *
 * <p>By default the redirect URI is {@code http://127.0.0.1:{port}/callback/{callbackId}} on an
 * ephemeral port. With a configured callback URL (the reference's {@code mcp_oauth_callback_url}),
 * {@code /{callbackId}} is appended to its path and its query is kept. The listener binds
 * {@code 127.0.0.1} unless the callback URL's host is not loopback (a remote dev box reached by
 * name), in which case it binds all interfaces.
 *
 * <pre>{@code
 * CallbackEndpoint endpoint = CallbackEndpoint.resolve(CallbackId.of(serverUrl), null, null);
 * try (CallbackListener listener = CallbackListener.start(endpoint)) {
 *     URI redirectUri = listener.redirectUri(); // http://127.0.0.1:51234/callback/8t06V3nLEwB8
 * }
 * }</pre>
 *
 * @param callbackId  the server's deterministic callback id
 * @param template    redirect URI with port {@code 0} meaning "the port bound", e.g.
 *                    {@code http://127.0.0.1:0/callback/ID}
 * @param bindHost    the address to listen on ({@code 127.0.0.1} or {@code 0.0.0.0})
 * @param bindPort    the port to listen on, {@code 0} for ephemeral
 * @param path        the exact path the listener answers
 */
public record CallbackEndpoint(CallbackId callbackId, URI template, String bindHost, int bindPort, String path) {
    /** Loopback literal used instead of {@code localhost}, which may resolve to ::1 first (RFC 8252 §8.3). */
    public static final String LOOPBACK = "127.0.0.1";

    public CallbackEndpoint {
        Objects.requireNonNull(callbackId, "callbackId");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(path, "path");
    }

    /**
     * Resolves the callback endpoint from the optional configured port and URL.
     *
     * @param callbackPort configured port, or {@code null} for ephemeral; {@code 0} is an error
     * @param callbackUrl  configured callback URL, or {@code null} for the default
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} for a bad port or URL
     */
    public static CallbackEndpoint resolve(CallbackId callbackId, Integer callbackPort, String callbackUrl) {
        if (callbackPort != null && (callbackPort < 1 || callbackPort > 65535)) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                    "invalid callback port " + callbackPort + ": use a port between 1 and 65535, or leave it unset for a free port");
        }
        if (callbackUrl == null || callbackUrl.isBlank()) {
            int port = callbackPort == null ? 0 : callbackPort;
            String path = "/callback/" + callbackId.value();
            return new CallbackEndpoint(callbackId, URI.create("http://" + LOOPBACK + ":" + port + path), LOOPBACK, port, path);
        }
        URI url;
        try {
            url = URI.create(callbackUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "invalid callback URL `" + callbackUrl + "`: not a URL", e);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                    "invalid callback URL `" + callbackUrl + "`: use an absolute http(s) URL such as http://127.0.0.1:8765/callback");
        }
        if (url.getRawFragment() != null) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                    "invalid callback URL `" + callbackUrl + "`: a fragment is not allowed (RFC 6749 §3.1.2)");
        }
        int urlPort = url.getPort();
        if (callbackPort != null && urlPort != -1 && urlPort != callbackPort) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                    "callback URL `" + callbackUrl + "` names port " + urlPort + " but the callback port is " + callbackPort
                            + "; set only one of them");
        }
        int bindPort = callbackPort != null ? callbackPort : urlPort != -1 ? urlPort : (scheme.equals("https") ? 443 : 80);
        String basePath = url.getRawPath() == null ? "" : url.getRawPath();
        while (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        String path = basePath + "/" + callbackId.value();
        String bindHost = Urls.isLoopbackHost(url.getHost()) ? LOOPBACK : "0.0.0.0";
        String portPart = urlPort != -1 ? ":" + urlPort : (callbackPort != null ? ":" + callbackPort : "");
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        URI template = URI.create(scheme + "://" + url.getRawAuthority().replaceFirst(":\\d+$", "") + portPart + path + query);
        return new CallbackEndpoint(callbackId, template, bindHost, bindPort, path);
    }

    /** The redirect URI once the listener is bound to {@code boundPort}. */
    public URI redirectUri(int boundPort) {
        if (template.getPort() != 0) {
            return template;
        }
        String s = template.toString();
        return URI.create(s.replaceFirst(":0/", ":" + boundPort + "/"));
    }
}

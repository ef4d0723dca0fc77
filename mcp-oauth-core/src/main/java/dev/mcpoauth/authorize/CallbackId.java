package dev.mcpoauth.authorize;

import dev.mcpoauth.internal.Urls;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * The deterministic id of an MCP server's login callback, as the reference host computes it, so
 * redirect URIs (and callback-scoped client metadata URLs) are stable across runs and hosts.
 *
 * <p>{@code base64url-without-padding(SHA-256(serialized URL)[0..9])}, where the URL is serialized
 * WHATWG-style (lower-case scheme and host, default port dropped, empty path as {@code /}) with its
 * fragment removed and its query kept. Always 12 characters.
 *
 * <pre>{@code
 * CallbackId.of("http://127.0.0.1:4321/mcp").value(); // "8t06V3nLEwB8"
 * }</pre>
 *
 * @param value the 12-character id
 */
public record CallbackId(String value) {
    /** Bytes of the digest kept: 9 bytes are 12 base64 characters with no padding. */
    private static final int DIGEST_BYTES = 9;

    public CallbackId {
        Objects.requireNonNull(value, "value");
    }

    /**
     * Computes the id of a server URL.
     *
     * @throws dev.mcpoauth.McpOAuthException {@code invalid_input} when the URL does not parse or has no host
     */
    public static CallbackId of(String serverUrl) {
        URI canonical = Urls.canonical(serverUrl, "MCP server URL");
        return new CallbackId(hash(canonical.toString()));
    }

    static String hash(String serialized) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(serialized.getBytes(StandardCharsets.UTF_8));
            byte[] head = new byte[DIGEST_BYTES];
            System.arraycopy(digest, 0, head, 0, DIGEST_BYTES);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(head);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

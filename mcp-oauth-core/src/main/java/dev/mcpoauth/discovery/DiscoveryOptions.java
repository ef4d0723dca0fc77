package dev.mcpoauth.discovery;

/**
 * Options of {@link AuthorizationDiscovery#discover(java.net.URI, DiscoveryOptions)}.
 *
 * <pre>{@code
 * // the server's config says oauth_resource = "https://api.example.com/"
 * new AuthorizationDiscovery(http).discover(serverUrl, new DiscoveryOptions("https://api.example.com/"));
 * }</pre>
 *
 * @param expectedResource a configured {@code oauth_resource}, or {@code null}: when set, the
 *                         protected resource metadata's {@code resource} must match it (RFC 9728 §3.3)
 *                         instead of the server URL
 */
public record DiscoveryOptions(String expectedResource) {
    /** No overrides: the metadata's {@code resource} must match the server URL. */
    public static final DiscoveryOptions DEFAULTS = new DiscoveryOptions(null);
}

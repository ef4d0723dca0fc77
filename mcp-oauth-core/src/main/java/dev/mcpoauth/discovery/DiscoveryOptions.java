package dev.mcpoauth.discovery;

/**
 * Options of {@link AuthorizationDiscovery#discover}.
 *
 * @param expectedResource a configured {@code oauth_resource}: when set, the protected resource
 *                         metadata's {@code resource} must match it instead of the server URL; may be {@code null}
 */
public record DiscoveryOptions(String expectedResource) {
    public static final DiscoveryOptions DEFAULTS = new DiscoveryOptions(null);
}

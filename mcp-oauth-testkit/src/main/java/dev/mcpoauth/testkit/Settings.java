package dev.mcpoauth.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The immutable configuration collected by {@link TestServersBuilder}; see the builder for each member's meaning. */
record Settings(
        boolean cimd,
        boolean dcr,
        List<PreRegisteredClient> preRegisteredClients,
        List<String> tokenEndpointAuthMethods,
        List<String> scopesSupported,
        Map<String, String> toolScopes,
        String challengeScope,
        Duration accessTokenLifetime,
        boolean refreshTokens,
        boolean singleUseRefreshTokens,
        IssMode issMode,
        boolean pkceS256Advertised,
        PrmLocation prmLocation,
        String prmResourceOverride,
        String issuerPath,
        boolean oidcDiscoveryOnly,
        String metadataIssuerOverride,
        LegacyMode legacyMode,
        Approval approval,
        String authorizeError,
        boolean rejectUnknownScopes,
        Duration responseDelay,
        String mcpPath) {

    /**
     * A client configured up front.
     *
     * @param clientId     the identifier
     * @param secret       the secret, or {@code null} for a public client
     * @param redirectUris allowed redirect URIs; empty means any loopback {@code http} URI
     */
    record PreRegisteredClient(String clientId, String secret, List<String> redirectUris) {
    }
}

package dev.mcpoauth.testkit;

import java.net.URI;

/** Every URL and path of a running pair of servers, derived from the settings and the bound origins. */
final class Topology {

    static final String PRM_WELL_KNOWN = "/.well-known/oauth-protected-resource";
    static final String AS_WELL_KNOWN = "/.well-known/oauth-authorization-server";
    static final String OIDC_WELL_KNOWN = "/.well-known/openid-configuration";
    static final String CIMD_PREFIX = "/cimd";

    private final Settings settings;
    private final String mcpOrigin;
    private final String asOrigin;

    Topology(Settings settings, String mcpOrigin, String asOrigin) {
        this.settings = settings;
        this.mcpOrigin = mcpOrigin;
        this.asOrigin = asOrigin;
    }

    String mcpOrigin() {
        return mcpOrigin;
    }

    String asOrigin() {
        return asOrigin;
    }

    String mcpPath() {
        return settings.mcpPath();
    }

    URI mcpUrl() {
        return URI.create(mcpUrlString());
    }

    String mcpUrlString() {
        return mcpOrigin + settings.mcpPath();
    }

    boolean legacy() {
        return settings.legacyMode() != LegacyMode.OFF;
    }

    /** The issuer path in effect: always empty in legacy modes, whose issuer is the MCP origin. */
    String issuerPath() {
        return legacy() ? "" : settings.issuerPath();
    }

    String issuer() {
        return asOrigin + issuerPath();
    }

    String authorizationEndpoint() {
        return issuer() + "/authorize";
    }

    String tokenEndpoint() {
        return issuer() + "/token";
    }

    String registrationEndpoint() {
        return issuer() + "/register";
    }

    String clientMetadataBase() {
        return asOrigin + CIMD_PREFIX;
    }

    /** Protected resource metadata location in effect; {@link PrmLocation#NONE} in legacy modes. */
    PrmLocation prmLocation() {
        return legacy() ? PrmLocation.NONE : settings.prmLocation();
    }

    /** Path of the protected resource metadata document, or {@code null} if none is served. */
    String prmPath() {
        switch (prmLocation()) {
            case HEADER:
            case PATH_WELL_KNOWN:
                return PRM_WELL_KNOWN + ("/".equals(settings.mcpPath()) ? "" : settings.mcpPath());
            case ROOT_WELL_KNOWN:
                return PRM_WELL_KNOWN;
            default:
                return null;
        }
    }

    /** The {@code resource_metadata} URL for the challenge, or {@code null} unless the mode is {@code HEADER}. */
    String challengeResourceMetadata() {
        return prmLocation() == PrmLocation.HEADER ? mcpOrigin + prmPath() : null;
    }

    /** The {@code iss} value to put in authorization responses, or {@code null} if none is sent. */
    String issParameter() {
        switch (settings.issMode()) {
            case SEND:
                return issuer();
            case WRONG:
                return issuer() + "/wrong";
            default:
                return null;
        }
    }
}

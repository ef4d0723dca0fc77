package dev.mcpoauth.registration;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.util.Locale;

/**
 * Which ways of obtaining a client identity {@link ClientRegistrar} may use when no pre-registered
 * client applies. The reference host's {@code clientRegistration: "auto"|"cimd"|"dcr"}.
 */
public enum RegistrationMode {
    /** A Client ID Metadata Document when the server supports it and a URL is given, else RFC 7591. */
    AUTO,
    /** Only a Client ID Metadata Document; fail when the server does not support it. */
    CIMD,
    /** Only Dynamic Client Registration (RFC 7591); a metadata URL is never used. */
    DCR;

    /**
     * Parses {@code auto}, {@code cimd} or {@code dcr}, ignoring case and surrounding space.
     *
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} for anything else
     */
    public static RegistrationMode parse(String value) {
        if (value != null) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "auto":
                    return AUTO;
                case "cimd":
                    return CIMD;
                case "dcr":
                    return DCR;
                default:
                    break;
            }
        }
        throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                "invalid client registration mode `" + value + "`: expected one of auto, cimd, dcr");
    }

    /** The lower-case name used in configuration and on the wire. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}

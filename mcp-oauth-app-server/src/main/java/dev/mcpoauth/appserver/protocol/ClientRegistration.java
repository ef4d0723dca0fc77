package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mcpoauth.registration.RegistrationMode;

/**
 * How a login may identify the client when no pre-registered client is configured: the reference
 * host's {@code clientRegistration}.
 */
@JsonClassDescription("How the client identifies itself when no pre-registered client is configured: `auto` uses a "
        + "Client ID Metadata Document when `clientMetadataUrlBase` is given and the authorization server supports it, "
        + "else Dynamic Client Registration (RFC 7591); `cimd` only the metadata document; `dcr` only registration.")
public enum ClientRegistration {
    AUTO("auto", RegistrationMode.AUTO),
    CIMD("cimd", RegistrationMode.CIMD),
    DCR("dcr", RegistrationMode.DCR);

    private final String value;
    private final RegistrationMode mode;

    ClientRegistration(String value, RegistrationMode mode) {
        this.value = value;
        this.mode = mode;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }

    /** The core registration mode it stands for. */
    public RegistrationMode mode() {
        return mode;
    }
}

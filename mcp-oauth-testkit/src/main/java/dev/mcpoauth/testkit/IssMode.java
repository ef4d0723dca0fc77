package dev.mcpoauth.testkit;

/**
 * How the authorization server handles the RFC 9207 {@code iss} authorization response parameter.
 */
public enum IssMode {
    /** Advertise {@code authorization_response_iss_parameter_supported: true} and send the correct {@code iss}. */
    SEND,
    /** Advertise support but leave {@code iss} out of the redirect (a client must reject the response). */
    OMIT,
    /** Advertise support and send a wrong {@code iss}: the issuer with {@code "/wrong"} appended. */
    WRONG,
    /** Neither advertise support nor send {@code iss}. */
    NOT_ADVERTISED
}

package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;

/**
 * Params of {@code initialize}. Every field is optional; {@code initialize} may also be skipped.
 *
 * @param clientInfo the caller, or {@code null}
 */
@JsonClassDescription("Params of `initialize`.")
public record InitializeParams(ClientInfo clientInfo) {
}

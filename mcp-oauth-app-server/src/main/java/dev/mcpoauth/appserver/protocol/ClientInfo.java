package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Who is calling, as sent in {@code initialize}; logged to stderr, never used for decisions.
 *
 * @param name    the client's name, e.g. {@code "my-ide-extension"}
 * @param version its version, or {@code null}
 */
@JsonClassDescription("The client application, as it introduces itself in `initialize`.")
public record ClientInfo(@JsonProperty(required = true) String name, String version) {
}

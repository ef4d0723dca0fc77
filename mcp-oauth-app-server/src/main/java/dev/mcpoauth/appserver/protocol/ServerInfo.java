package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The app server's name and version, returned by {@code initialize}.
 *
 * @param name    always {@code "mcp-oauth-app-server"}
 * @param version the mcp-oauth release, e.g. {@code "0.1.0"}
 */
@JsonClassDescription("The app server's name and version.")
public record ServerInfo(@JsonProperty(required = true) String name, @JsonProperty(required = true) String version) {
}

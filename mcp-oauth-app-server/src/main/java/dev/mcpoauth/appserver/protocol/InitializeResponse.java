package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Result of {@code initialize}.
 *
 * @param serverInfo      name and version of the app server
 * @param protocolVersion the version of this protocol ({@link Methods#PROTOCOL_VERSION})
 * @param methods         the request methods this server answers
 * @param notifications   the notification methods this server may send
 */
@JsonClassDescription("Result of `initialize`.")
public record InitializeResponse(
        @JsonProperty(required = true) ServerInfo serverInfo,
        @JsonProperty(required = true)
        @JsonPropertyDescription("Version of this JSON-RPC protocol; it changes only when a message changes incompatibly.")
        String protocolVersion,
        @JsonProperty(required = true)
        @JsonPropertyDescription("The request methods this server answers.")
        List<String> methods,
        @JsonProperty(required = true)
        @JsonPropertyDescription("The notification methods this server may send.")
        List<String> notifications) {

    public InitializeResponse {
        methods = List.copyOf(methods);
        notifications = List.copyOf(notifications);
    }
}

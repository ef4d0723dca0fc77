package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Params of {@code mcpServer/oauth/login}: the reference host's, with {@code clientMetadataUrlBase}
 * from the seed commit and the later {@code clientRegistration}.
 *
 * @param name                  a server configured in {@code config.toml}
 * @param scopes                scopes to request, or {@code null} for the configured, else the discovered ones;
 *                              an empty list requests none
 * @param clientMetadataUrlBase base of a callback-scoped Client ID Metadata Document URL, or {@code null}
 * @param timeoutSecs           seconds to wait for the browser, or {@code null} for 300
 * @param clientRegistration    {@code auto}, {@code cimd} or {@code dcr}, or {@code null} for {@code auto}
 */
@JsonClassDescription("Params of `mcpServer/oauth/login`.")
public record McpServerOauthLoginParams(
        @JsonProperty(required = true)
        @JsonPropertyDescription("Name of a server configured in config.toml ([mcp_servers.NAME]).")
        String name,
        @JsonPropertyDescription("Scopes to request. Absent or null: the server's configured `scopes`, else the "
                + "discovered ones. An empty list requests no scopes.")
        List<String> scopes,
        @JsonPropertyDescription("An absolute https URL without query or fragment. When given and the authorization "
                + "server supports Client ID Metadata Documents, the client_id is "
                + "`{base}/{callbackId}/client.json?redirect_uri={redirectUri}` and no registration request is sent.")
        String clientMetadataUrlBase,
        @JsonPropertyDescription("Seconds to wait for the browser to come back (1 to 86400). Default 300.")
        Long timeoutSecs,
        @JsonPropertyDescription("How the client identifies itself when no pre-registered client is configured. "
                + "Default `auto`.")
        ClientRegistration clientRegistration) {

    public McpServerOauthLoginParams {
        scopes = scopes == null ? null : List.copyOf(scopes);
    }
}

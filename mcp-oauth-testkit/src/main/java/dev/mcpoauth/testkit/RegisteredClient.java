package dev.mcpoauth.testkit;

import java.util.List;
import java.util.Map;

/**
 * A client the authorization server learned about at runtime: through dynamic client registration (RFC 7591) or by
 * fetching a client ID metadata document.
 *
 * @param clientId                the client identifier (random for DCR, the document URL for CIMD)
 * @param redirectUris            the registered redirect URIs
 * @param tokenEndpointAuthMethod the client's token endpoint authentication method
 * @param grantTypes              the grant types the client may use
 * @param applicationType         the submitted {@code application_type}, or {@code null} if absent
 * @param clientName              the submitted {@code client_name}, or {@code null} if absent
 * @param raw                     the metadata exactly as submitted (DCR request body or fetched document)
 */
public record RegisteredClient(String clientId, List<String> redirectUris, String tokenEndpointAuthMethod,
                               List<String> grantTypes, String applicationType, String clientName,
                               Map<String, Object> raw) {
}

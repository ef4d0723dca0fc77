/**
 * Discovery: how an MCP server is protected.
 *
 * <p>The entry point is {@link dev.mcpoauth.discovery.AuthorizationDiscovery}, the only class here
 * that does I/O. It sends an unauthenticated MCP {@code initialize} request, reads the
 * {@code WWW-Authenticate} challenge ({@link dev.mcpoauth.discovery.WwwAuthenticate}), fetches
 * {@link dev.mcpoauth.discovery.ProtectedResourceMetadata} and authorization server metadata at the
 * locations of {@link dev.mcpoauth.discovery.DiscoveryCandidates} in spec order, checks the
 * resource and the issuer, and returns one immutable {@link dev.mcpoauth.discovery.ServerAuthorization}
 * with a {@link dev.mcpoauth.discovery.DiscoveryStep} for every URL tried.
 *
 * <pre>{@code
 * ServerAuthorization auth = new AuthorizationDiscovery(HttpTransport.defaults())
 *         .discover(URI.create("https://mcp.example.com/mcp"));
 * auth.steps().forEach(System.out::println);
 * }</pre>
 *
 * <p>Related specifications:
 * <ul>
 *   <li>Model Context Protocol, Authorization (revision 2026-07-28; 2025-03-26 for the fallbacks)</li>
 *   <li>RFC 9728, OAuth 2.0 Protected Resource Metadata (§2 document, §3.1 well-known URL,
 *       §3.3 resource check, §5.1 {@code resource_metadata} in {@code WWW-Authenticate})</li>
 *   <li>RFC 8414, OAuth 2.0 Authorization Server Metadata (§3.1 well-known URL, §3.3 issuer check)</li>
 *   <li>OpenID Connect Discovery 1.0 §4 ({@code openid-configuration})</li>
 *   <li>RFC 9110 §11.6.1 ({@code WWW-Authenticate}), RFC 6750 §3 (Bearer challenge parameters)</li>
 *   <li>RFC 9207 ({@code authorization_response_iss_parameter_supported});
 *       draft-ietf-oauth-client-id-metadata-document ({@code client_id_metadata_document_supported})</li>
 * </ul>
 */
package dev.mcpoauth.discovery;

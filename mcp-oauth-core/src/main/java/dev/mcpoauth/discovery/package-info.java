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
 * <p>Built with {@link dev.mcpoauth.discovery.AuthorizationDiscovery#builder}, discovery can keep
 * results in a {@link dev.mcpoauth.discovery.DiscoveryCache} (per MCP server and per issuer, fresh
 * as the responses' {@code Cache-Control} allows, bounded) and request the well-known locations of
 * one document concurrently, still taking the answers in spec priority order.
 * {@link dev.mcpoauth.login.LoginFlow} does both; {@code new AuthorizationDiscovery(http)} does
 * neither, which is what {@code mcp-oauth doctor} shows.
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

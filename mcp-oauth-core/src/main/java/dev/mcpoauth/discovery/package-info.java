/**
 * Discovery: how an MCP server is protected. {@link dev.mcpoauth.discovery.AuthorizationDiscovery}
 * runs the probe, {@link dev.mcpoauth.discovery.WwwAuthenticate} parsing (RFC 9110 §11.6.1, RFC 6750
 * §3), {@link dev.mcpoauth.discovery.ProtectedResourceMetadata} (RFC 9728) and authorization server
 * metadata (RFC 8414, OpenID Connect Discovery) at the {@link dev.mcpoauth.discovery.DiscoveryCandidates}
 * in spec order, and returns one immutable {@link dev.mcpoauth.discovery.ServerAuthorization}.
 */
package dev.mcpoauth.discovery;

/**
 * How the client identifies itself to an authorization server, in the priority the MCP
 * authorization specification gives: a {@link dev.mcpoauth.registration.PreRegistered} client for
 * that issuer, else a Client ID Metadata Document URL as {@code client_id}
 * ({@link dev.mcpoauth.registration.MetadataDocument}, draft-ietf-oauth-client-id-metadata-document),
 * else Dynamic Client Registration ({@link dev.mcpoauth.registration.DynamicallyRegistered},
 * RFC 7591), else a clear error.
 *
 * <p>{@link dev.mcpoauth.registration.ClientRegistrar} is the entry point and the only class here that
 * does I/O; {@link dev.mcpoauth.registration.ClientMetadataUrls} builds and checks metadata document
 * URLs, including the reference host's callback-scoped form.
 *
 * <p>Related specifications: MCP authorization (2026-07-28) "Client Registration"; RFC 7591;
 * draft-ietf-oauth-client-id-metadata-document; RFC 8414 §2; RFC 8252 (native clients).
 */
package dev.mcpoauth.registration;

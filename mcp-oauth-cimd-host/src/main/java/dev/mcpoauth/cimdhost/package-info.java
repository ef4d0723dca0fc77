/**
 * A host for OAuth Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document): the
 * web server behind the callback-scoped {@code client_id} URLs that mcp-oauth builds from a
 * {@code clientMetadataUrlBase} ({@link dev.mcpoauth.registration.ClientMetadataUrls#callbackScoped}).
 *
 * <p>Entry point: {@link dev.mcpoauth.cimdhost.ClientMetadataHost}; command line:
 * {@link dev.mcpoauth.cimdhost.ClientMetadataHostMain}. What the host refuses, and why, is in
 * {@code docs/client-metadata-host.md}.
 */
package dev.mcpoauth.cimdhost;

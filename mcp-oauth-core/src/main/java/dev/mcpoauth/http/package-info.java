/**
 * HTTP for mcp-oauth: {@link dev.mcpoauth.http.HttpTransport} is the one place that talks HTTP, with
 * timeouts, a response size cap, a redirect policy, static headers and the
 * {@link dev.mcpoauth.http.AddressPolicy} (no server-side request forgery), checked after DNS
 * resolution on every address, with the connection pinned to the checked address
 * ({@link dev.mcpoauth.http.HostResolver} is the resolution seam); {@link dev.mcpoauth.http.Json}
 * reads JSON documents strictly; {@link dev.mcpoauth.http.NimbusHttp} sends Nimbus OAuth SDK requests
 * through it. See {@code docs/security.md}.
 */
package dev.mcpoauth.http;

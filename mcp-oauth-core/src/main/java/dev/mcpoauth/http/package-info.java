/**
 * HTTP for mcp-oauth: {@link dev.mcpoauth.http.HttpTransport} wraps the JDK client with timeouts, a
 * response size cap, a redirect policy and static headers; {@link dev.mcpoauth.http.Json} reads JSON
 * documents strictly; {@link dev.mcpoauth.http.NimbusHttp} sends Nimbus OAuth SDK requests through it.
 */
package dev.mcpoauth.http;

/**
 * Token endpoint calls (RFC 6749 §3.2): the authorization code exchange with PKCE (RFC 6749 §4.1.3,
 * RFC 7636 §4.5), refresh (RFC 6749 §6) and client credentials (RFC 6749 §4.4), each with the
 * {@code resource} indicator of the MCP server (RFC 8707 §2.2).
 *
 * <p>{@link dev.mcpoauth.token.TokenClient} is the entry point and the only class here that does
 * I/O. {@link dev.mcpoauth.token.TokenEndpoint} says where and as whom to call;
 * {@link dev.mcpoauth.token.ClientAuthentications} picks and builds the client authentication
 * (RFC 6749 §2.3, RFC 7523 §2.2); {@link dev.mcpoauth.token.Tokens} is the result, which never shows
 * its tokens in {@code toString()}; {@link dev.mcpoauth.token.Scopes} handles space-separated scope
 * strings (RFC 6749 §3.3).
 */
package dev.mcpoauth.token;

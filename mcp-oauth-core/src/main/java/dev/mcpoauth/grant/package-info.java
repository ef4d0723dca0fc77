/**
 * Tokens without a user: {@link dev.mcpoauth.grant.GrantFlow} runs a {@link dev.mcpoauth.grant.Grant}
 * (client credentials, JWT bearer for workload identity federation, or an enterprise identity
 * assertion exchanged at the user's identity provider) against an MCP server's authorization server
 * and stores the result like a login.
 *
 * <p>Related specifications: RFC 6749 §4.4; RFC 7523; RFC 8693; RFC 8707; MCP authorization
 * extensions SEP-1046, SEP-1933, SEP-990.
 */
package dev.mcpoauth.grant;

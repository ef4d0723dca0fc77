/**
 * An embeddable OAuth-protected MCP server plus OAuth 2.1 authorization server on loopback, for tests and demos of
 * MCP clients.
 *
 * <p>Start with {@link dev.mcpoauth.testkit.TestServers}: {@code TestServers.start()} for defaults, or
 * {@code TestServers.builder()...build().start()} to switch behaviours (discovery variants, registration methods,
 * token policies, legacy 2025-03-26 deployments, consent page, injected latency). Inspect what the client did with
 * {@link dev.mcpoauth.testkit.TestServers#requests()}, {@link dev.mcpoauth.testkit.TestServers#registeredClients()}
 * and {@link dev.mcpoauth.testkit.TestServers#issuedTokens()}. {@link dev.mcpoauth.testkit.TestServersMain} runs the
 * same servers from the command line.
 */
package dev.mcpoauth.testkit;

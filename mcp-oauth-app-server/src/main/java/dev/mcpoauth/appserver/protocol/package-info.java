/**
 * The app server's wire types, one record per message shape, named as the reference MCP host names
 * them ({@code McpServerOauthLoginParams}, {@code McpServerOauthLoginCompletedNotification}, ...).
 *
 * <p>JSON is camelCase. A component annotated {@code @JsonProperty(required = true)} is always
 * present; every other component is optional and nullable: a client may omit it or send
 * {@code null}, and the server omits it when it has no value. The JSON Schema (draft-07) and
 * TypeScript definitions under {@code mcp-oauth-app-server/schema/} are generated from these records
 * ({@code mvn -q -pl mcp-oauth-app-server test-compile exec:java@generate-schema}) and a test fails
 * when the committed files are stale.
 *
 * <p>Methods and their types: {@link dev.mcpoauth.appserver.protocol.Methods}.
 */
package dev.mcpoauth.appserver.protocol;

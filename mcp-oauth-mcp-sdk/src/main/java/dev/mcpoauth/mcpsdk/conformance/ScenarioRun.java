package dev.mcpoauth.mcpsdk.conformance;

import java.net.URI;

/**
 * One scenario execution: its name, the MCP server URL the harness passed, the context and the
 * protocol revision to speak ({@code null} for the SDK's latest).
 */
record ScenarioRun(String scenario, URI serverUrl, ConformanceContext context, String protocolVersion) {
}

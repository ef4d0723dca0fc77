package dev.mcpoauth.testkit;

import java.util.List;

/** RFC 9728 protected resource metadata of the MCP server. */
final class ProtectedResourceEndpoint {

    private final Settings settings;
    private final Topology topology;

    ProtectedResourceEndpoint(Settings settings, Topology topology) {
        this.settings = settings;
        this.topology = topology;
    }

    /** Registers the document at the path the {@link PrmLocation} asks for (nothing for {@code NONE}). */
    void install(Router router) {
        String path = topology.prmPath();
        if (path != null) {
            router.on("GET", path, "mcp", this::handle);
        }
    }

    Response handle(Request request) {
        String resource = settings.prmResourceOverride() != null
                ? settings.prmResourceOverride() : topology.mcpUrlString();
        return Response.json(200, Json.object(
                "resource", resource,
                "authorization_servers", List.of(topology.issuer()),
                "scopes_supported", settings.scopesSupported(),
                "bearer_methods_supported", List.of("header"),
                "resource_name", "mcp-oauth-testkit"));
    }
}

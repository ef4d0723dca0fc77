package dev.mcpoauth.testkit;

import java.net.URI;
import java.util.List;

/**
 * A built-in host of Client ID Metadata Documents, so a client under test needs no web server of its own:
 * {@code GET /cimd/{callbackId}/client.json?redirect_uri=X} returns a public native client document whose
 * {@code client_id} is the exact requested URL and whose only redirect URI is {@code X}.
 */
final class ClientMetadataHost {

    static final String CLIENT_NAME = "mcp-oauth demo client";
    private static final String DOCUMENT_NAME = "/client.json";

    private final Topology topology;

    ClientMetadataHost(Topology topology) {
        this.topology = topology;
    }

    void install(Router router) {
        router.onPrefix("GET", Topology.CIMD_PREFIX + "/", "as", this::handle);
    }

    Response handle(Request request) {
        String rest = request.rawPath().substring(Topology.CIMD_PREFIX.length() + 1);
        if (!rest.endsWith(DOCUMENT_NAME)) {
            return Response.error(404, "not_found", "no client metadata document at " + request.rawPath());
        }
        String callbackId = rest.substring(0, rest.length() - DOCUMENT_NAME.length());
        if (callbackId.isEmpty() || callbackId.contains("/")) {
            return Response.error(404, "not_found", "no client metadata document at " + request.rawPath());
        }
        Params params;
        try {
            params = Params.parse(request.rawQuery());
        } catch (IllegalArgumentException e) {
            return Response.error(400, "invalid_request", "malformed query string");
        }
        if (params.firstDuplicate(java.util.Set.of()) != null) {
            return Response.error(400, "invalid_request", "redirect_uri must be given once");
        }
        String redirectUri = params.get("redirect_uri");
        if (redirectUri == null) {
            return Response.error(400, "invalid_request", "redirect_uri query parameter is required");
        }
        URI redirect = RedirectUris.parse(redirectUri);
        if (!RedirectUris.isLoopbackHttp(redirect)) {
            return Response.error(400, "invalid_request",
                    "redirect_uri must be a loopback http URI (127.0.0.1, [::1] or localhost): " + redirectUri);
        }
        if (!callbackId.equals(lastSegment(redirect.getRawPath()))) {
            return Response.error(400, "invalid_request", "the last path segment of redirect_uri must be "
                    + callbackId + ": " + redirectUri);
        }
        String clientId = topology.clientMetadataBase() + "/" + rest + "?" + request.rawQuery();
        return Response.json(200, Json.object(
                "client_id", clientId,
                "client_name", CLIENT_NAME,
                "redirect_uris", List.of(redirectUri),
                "grant_types", List.of("authorization_code", "refresh_token"),
                "response_types", List.of("code"),
                "token_endpoint_auth_method", "none",
                "application_type", "native"));
    }

    private static String lastSegment(String path) {
        if (path == null) {
            return "";
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}

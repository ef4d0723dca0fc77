package dev.mcpoauth.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.http.HttpCall;
import dev.mcpoauth.http.HttpResult;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.http.RedirectPolicy;
import dev.mcpoauth.internal.ServerText;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out how an MCP server is protected, in the order the MCP authorization specification
 * (revision 2026-07-28) gives:
 *
 * <ol>
 *   <li>an unauthenticated MCP {@code initialize} request, whose 401 carries a
 *       {@code WWW-Authenticate} challenge (RFC 6750 §3, RFC 9728 §5.1);</li>
 *   <li>protected resource metadata (RFC 9728) from the challenge's {@code resource_metadata} —
 *       and then nothing else — or from the well-known URLs of {@link DiscoveryCandidates};</li>
 *   <li>the metadata's {@code resource} checked against the server URL (RFC 9728 §3.3): on a
 *       mismatch discovery stops before contacting any authorization server;</li>
 *   <li>authorization server metadata from {@link DiscoveryCandidates#authorizationServer} with the
 *       issuer echo check (RFC 8414 §3.3): a document naming another issuer is not used;</li>
 *   <li>for a server without protected resource metadata (2025-03-26), the server's origin acts
 *       as the authorization server, and without metadata there either, {@code /authorize},
 *       {@code /token} and {@code /register} on that origin.</li>
 * </ol>
 *
 * <pre>{@code
 * ServerAuthorization auth = new AuthorizationDiscovery(HttpTransport.defaults())
 *         .discover(URI.create("https://mcp.example.com/mcp"), DiscoveryOptions.DEFAULTS, step -> System.out.println(step));
 * System.out.println(auth.issuer() + " " + auth.discoveredScopes());
 * }</pre>
 */
public final class AuthorizationDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationDiscovery.class);
    /** The MCP protocol version sent on the probe and metadata requests. */
    public static final String PROTOCOL_VERSION = "2025-11-25";
    private static final String PROBE_BODY = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"" + PROTOCOL_VERSION + "\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"mcp-oauth\",\"version\":\"0.1.0\"}}}";

    private final HttpTransport http;

    public AuthorizationDiscovery(HttpTransport http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    public ServerAuthorization discover(URI serverUrl) {
        return discover(serverUrl, DiscoveryOptions.DEFAULTS, step -> { });
    }

    public ServerAuthorization discover(URI serverUrl, DiscoveryOptions options) {
        return discover(serverUrl, options, step -> { });
    }

    /**
     * Discovers, reporting each step to {@code stepListener} as it happens (so a failed discovery
     * still shows everything that was tried).
     *
     * @throws McpOAuthException {@link ErrorCode#OAUTH_UNSUPPORTED}, {@link ErrorCode#RESOURCE_MISMATCH},
     *     {@link ErrorCode#ISSUER_MISMATCH}, {@link ErrorCode#METADATA_NOT_FOUND},
     *     {@link ErrorCode#MALFORMED_RESPONSE}, {@link ErrorCode#UNREACHABLE} and the other HTTP failures
     */
    public ServerAuthorization discover(URI serverUrl, DiscoveryOptions options, Consumer<DiscoveryStep> stepListener) {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Run run = new Run(serverUrl, options == null ? DiscoveryOptions.DEFAULTS : options, stepListener);
        return run.discover();
    }

    /** The state of one discovery. */
    private final class Run {
        private final URI serverUrl;
        private final ResourceUri serverResource;
        private final DiscoveryOptions options;
        private final Consumer<DiscoveryStep> listener;
        private final List<DiscoveryStep> steps = new ArrayList<>();

        Run(URI serverUrl, DiscoveryOptions options, Consumer<DiscoveryStep> listener) {
            this.serverUrl = serverUrl;
            this.serverResource = ResourceUri.of(serverUrl);
            this.options = options;
            this.listener = listener;
        }

        private void step(String description, URI url, int status, String outcome) {
            DiscoveryStep step = new DiscoveryStep(description, url, status, outcome);
            steps.add(step);
            LOG.debug("discovery: {}", step);
            listener.accept(step);
        }

        ServerAuthorization discover() {
            HttpResult probe = probe();
            WwwAuthenticate challenge = WwwAuthenticate.parse(probe.headers("www-authenticate"));
            WwwAuthenticate.Challenge bearer = challenge.bearer().orElse(null);
            List<String> challengeScopes = bearer == null ? List.of() : bearer.scopes();

            ProtectedResourceMetadata prm;
            URI prmUrl;
            URI fromHeader = bearer == null ? null : bearer.resourceMetadata().orElse(null);
            if (fromHeader != null) {
                prmUrl = fromHeader;
                prm = fetchProtectedResource(fromHeader, true);
            } else {
                prm = null;
                prmUrl = null;
                for (URI candidate : DiscoveryCandidates.protectedResource(serverUrl)) {
                    prm = fetchProtectedResource(candidate, false);
                    if (prm != null) {
                        prmUrl = candidate;
                        break;
                    }
                }
            }
            if (prm == null) {
                return legacy(probe, challengeScopes);
            }
            ResourceUri resource = checkResource(prm, prmUrl);
            if (prm.authorizationServers().isEmpty()) {
                step("authorization servers", prmUrl, -1, "the metadata lists no authorization_servers");
                throw new McpOAuthException(ErrorCode.METADATA_NOT_FOUND,
                        "protected resource metadata at " + prmUrl + " lists no authorization servers (RFC 9728 §2)",
                        "Report this to the server's operator.", null);
            }
            String issuer = prm.authorizationServers().get(0);
            AuthorizationServerMetadata metadata = fetchAuthorizationServer(issuer, false);
            if (metadata == null) {
                throw notFound(issuer);
            }
            return new ServerAuthorization(serverUrl, resource, prm, metadata, issuer, challengeScopes,
                    ServerAuthorization.Source.PROTECTED_RESOURCE_METADATA, steps);
        }

        private HttpResult probe() {
            HttpCall call = HttpCall.post(serverUrl, "application/json", PROBE_BODY)
                    .header("Accept", "application/json, text/event-stream")
                    .header("MCP-Protocol-Version", PROTOCOL_VERSION);
            HttpResult result;
            try {
                result = http.send(call);
            } catch (McpOAuthException e) {
                step("unauthenticated MCP initialize", serverUrl, -1, "no response: " + e.detail());
                throw e;
            }
            String outcome;
            if (result.status() == 401) {
                outcome = result.headers("www-authenticate").isEmpty()
                        ? "401 without a WWW-Authenticate challenge"
                        : "401 with challenge: " + ServerText.sanitize(String.join(", ", result.headers("www-authenticate")));
            } else if (result.isSuccess()) {
                outcome = "answered without asking for authorization";
            } else {
                outcome = "unexpected status; looking for metadata anyway";
            }
            step("unauthenticated MCP initialize", serverUrl, result.status(), outcome);
            return result;
        }

        /** The document, or null when absent at a well-known candidate. Errors when required or malformed. */
        private ProtectedResourceMetadata fetchProtectedResource(URI url, boolean fromHeader) {
            String description = fromHeader ? "protected resource metadata (from the challenge)" : "protected resource metadata";
            HttpResult result;
            try {
                result = http.send(HttpCall.get(url)
                        .header("Accept", "application/json")
                        .header("MCP-Protocol-Version", PROTOCOL_VERSION)
                        .redirects(RedirectPolicy.SAME_ORIGIN));
            } catch (McpOAuthException e) {
                step(description, url, -1, "failed: " + e.detail());
                throw e;
            }
            if (!result.isSuccess()) {
                if (fromHeader) {
                    step(description, url, result.status(), "not available; the challenge named this URL, so no other is tried");
                    throw new McpOAuthException(ErrorCode.METADATA_NOT_FOUND,
                            "the protected resource metadata named by the server's challenge, " + url + ", answered HTTP "
                                    + result.status() + " (RFC 9728 §5.1)",
                            "Report this to the server's operator; run `mcp-oauth doctor` for every step.", null);
                }
                step(description, url, result.status(), "not here, trying the next location");
                return null;
            }
            try {
                ObjectNode json = Json.readObject(result, "protected resource metadata");
                ProtectedResourceMetadata prm = ProtectedResourceMetadata.parse(json, url.toString());
                step(description, url, result.status(), "found; resource " + prm.resource()
                        + ", authorization servers " + prm.authorizationServers());
                return prm;
            } catch (McpOAuthException e) {
                step(description, url, result.status(), "unusable: " + e.detail());
                throw e;
            }
        }

        private ResourceUri checkResource(ProtectedResourceMetadata prm, URI prmUrl) {
            ResourceUri stated;
            try {
                stated = ResourceUri.of(prm.resource());
            } catch (McpOAuthException e) {
                throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                        "protected resource metadata at " + prmUrl + " has an invalid resource", e);
            }
            boolean matches;
            String expected;
            if (options.expectedResource() != null) {
                expected = options.expectedResource();
                matches = stated.equals(ResourceUri.of(expected)) || ResourceUri.of(expected).isCoveredBy(stated);
            } else {
                expected = serverResource.value();
                matches = serverResource.isCoveredBy(stated);
            }
            if (!matches) {
                step("resource check", prmUrl, -1, "the metadata is for " + stated + ", not " + expected);
                throw new McpOAuthException(ErrorCode.RESOURCE_MISMATCH,
                        "protected resource metadata at " + prmUrl + " is for `" + stated + "`, not `" + expected
                                + "` (RFC 9728 §3.3)");
            }
            step("resource check", prmUrl, -1, "the metadata is for " + stated + ", which covers " + expected);
            return stated;
        }

        /**
         * Authorization server metadata for an issuer, trying each candidate in order; null when
         * none exists. A document naming another issuer stops discovery.
         */
        private AuthorizationServerMetadata fetchAuthorizationServer(String issuer, boolean legacy) {
            List<URI> candidates;
            try {
                candidates = DiscoveryCandidates.authorizationServer(issuer);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                        "the authorization server `" + ServerText.sanitize(issuer) + "` is not a valid issuer URL", e);
            }
            for (URI url : candidates) {
                HttpResult result;
                try {
                    result = http.send(HttpCall.get(url).header("Accept", "application/json")
                            .redirects(RedirectPolicy.SAME_ORIGIN));
                } catch (McpOAuthException e) {
                    step("authorization server metadata", url, -1, "failed: " + e.detail());
                    throw e;
                }
                if (!result.isSuccess()) {
                    step("authorization server metadata", url, result.status(), "not here, trying the next location");
                    continue;
                }
                ObjectNode json;
                try {
                    json = Json.readObject(result, "authorization server metadata");
                } catch (McpOAuthException e) {
                    step("authorization server metadata", url, result.status(), "unusable: " + e.detail());
                    throw e;
                }
                String stated = json.path("issuer").isTextual() ? json.get("issuer").textValue() : null;
                if (!issuerMatches(issuer, stated, legacy)) {
                    step("authorization server metadata", url, result.status(),
                            "issuer mismatch: the document says " + (stated == null ? "nothing" : stated));
                    throw new McpOAuthException(ErrorCode.ISSUER_MISMATCH,
                            "authorization server metadata at " + url + " names issuer `"
                                    + (stated == null ? "(none)" : ServerText.sanitize(stated)) + "`, not `" + issuer
                                    + "` (RFC 8414 §3.3)");
                }
                try {
                    AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(json.toString());
                    step("authorization server metadata", url, result.status(), "found; issuer " + stated);
                    return metadata;
                } catch (ParseException e) {
                    step("authorization server metadata", url, result.status(), "unusable: " + e.getMessage());
                    throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                            "authorization server metadata at " + url + " is invalid: " + ServerText.sanitize(e.getMessage()), e);
                }
            }
            return null;
        }

        private boolean issuerMatches(String expected, String stated, boolean legacy) {
            if (stated == null) {
                return false;
            }
            if (legacy) {
                // The 2025-03-26 issuer is the origin; servers write it with or without the slash.
                return strip(stated).equals(strip(expected));
            }
            return stated.equals(expected);
        }

        private String strip(String s) {
            return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        }

        private McpOAuthException notFound(String issuer) {
            return new McpOAuthException(ErrorCode.METADATA_NOT_FOUND,
                    "no authorization server metadata for `" + issuer + "` at "
                            + DiscoveryCandidates.authorizationServer(issuer) + " (RFC 8414 §3)");
        }

        /** 2025-03-26 back-compat: the server's origin is the authorization server. */
        private ServerAuthorization legacy(HttpResult probe, List<String> challengeScopes) {
            if (probe.isSuccess()) {
                throw new McpOAuthException(ErrorCode.OAUTH_UNSUPPORTED,
                        "`" + serverUrl + "` answered without asking for authorization and publishes no protected resource"
                                + " metadata, so it does not use OAuth");
            }
            String origin = DiscoveryCandidates.origin(serverUrl);
            step("2025-03-26 fallback", URI.create(origin), -1,
                    "no protected resource metadata; treating the server's origin as the authorization server");
            AuthorizationServerMetadata metadata = fetchAuthorizationServer(origin, true);
            if (metadata != null) {
                return new ServerAuthorization(serverUrl, serverResource, null, metadata, origin, challengeScopes,
                        ServerAuthorization.Source.LEGACY_ORIGIN_METADATA, steps);
            }
            if (probe.status() != 401) {
                throw new McpOAuthException(ErrorCode.METADATA_NOT_FOUND,
                        "`" + serverUrl + "` answered HTTP " + probe.status() + " without an OAuth challenge, and no"
                                + " protected resource or authorization server metadata was found",
                        "Check the URL; run `mcp-oauth doctor` for every step.", null);
            }
            AuthorizationServerMetadata defaults = new AuthorizationServerMetadata(new Issuer(origin));
            defaults.setAuthorizationEndpointURI(URI.create(origin + "/authorize"));
            defaults.setTokenEndpointURI(URI.create(origin + "/token"));
            defaults.setRegistrationEndpointURI(URI.create(origin + "/register"));
            // The 2025-03-26 revision required PKCE S256 of every server.
            defaults.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
            step("2025-03-26 default endpoints", URI.create(origin), -1,
                    "no metadata at all; using " + origin + "/authorize, /token and /register");
            return new ServerAuthorization(serverUrl, serverResource, null, defaults, origin, challengeScopes,
                    ServerAuthorization.Source.LEGACY_DEFAULT_ENDPOINTS, steps);
        }
    }
}

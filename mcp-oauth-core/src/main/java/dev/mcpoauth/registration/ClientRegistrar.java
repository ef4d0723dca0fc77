package dev.mcpoauth.registration;

import dev.mcpoauth.internal.ServerText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.HttpCall;
import dev.mcpoauth.http.HttpResult;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.internal.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses or obtains the client identity for one authorization server, in the MCP authorization
 * specification's order:
 * <ol>
 *   <li>a {@link PreRegistered} client bound to no issuer or to exactly this one (explicit user
 *       configuration always wins, whatever the {@link RegistrationMode});</li>
 *   <li>in mode {@code auto} or {@code cimd}: the given Client ID Metadata Document URL, when the
 *       metadata says {@code client_id_metadata_document_supported: true}. No request is sent: the
 *       authorization server fetches the document itself;</li>
 *   <li>in mode {@code auto} or {@code dcr}: Dynamic Client Registration at the
 *       {@code registration_endpoint} (RFC 7591 §3.1);</li>
 *   <li>otherwise {@link ErrorCode#NO_CLIENT_IDENTITY} ({@link ErrorCode#CIMD_UNSUPPORTED} or
 *       {@link ErrorCode#DCR_UNSUPPORTED} when the mode demanded one mechanism).</li>
 * </ol>
 *
 * <p>The registration request describes a loopback-redirect native client (RFC 8252) when the
 * redirect URI is loopback: {@code application_type} {@code native}, {@code grant_types}
 * {@code authorization_code} and {@code refresh_token}, {@code response_types} {@code code}, and the
 * public-client {@code token_endpoint_auth_method} {@code none} unless the server does not list it.
 * The answer is checked: a {@code client_id} is required, and changed {@code redirect_uris} are
 * refused, since a login with them would fail or go elsewhere (RFC 7591 §3.2.1).
 *
 * <pre>{@code
 * ClientRegistrar registrar = new ClientRegistrar(HttpTransport.defaults());
 * ClientIdentity client = registrar.resolve(
 *         RegistrationRequest.builder("https://auth.example.com", metadata, "http://127.0.0.1:4321/callback/8t06V3nLEwB8")
 *                 .clientMetadataUrl("https://app.example.com/oauth/8t06V3nLEwB8/client.json")
 *                 .scopes(List.of("mcp:read"))
 *                 .build());
 * String clientId = client.clientId();
 * }</pre>
 *
 * <p>With a {@link RegistrationCache}, a registration made earlier at the same issuer for the same
 * redirect URI is reused instead of registering again. Instances hold no other state and are safe
 * to share between threads.
 *
 * <p>Related specifications: MCP authorization (2026-07-28) "Client Registration"; RFC 7591;
 * draft-ietf-oauth-client-id-metadata-document; RFC 8414 §2; OpenID Connect Dynamic Client
 * Registration 1.0 §2 ({@code application_type}); RFC 8252.
 */
public final class ClientRegistrar {
    /** The authorization server metadata member that advertises Client ID Metadata Document support. */
    public static final String CIMD_SUPPORTED_MEMBER = "client_id_metadata_document_supported";

    private static final Logger LOG = LoggerFactory.getLogger(ClientRegistrar.class);
    private static final List<String> GRANT_TYPES = List.of("authorization_code", "refresh_token");
    private static final List<String> RESPONSE_TYPES = List.of("code");
    /** Methods this client can use with a registered client: no keys are registered. */
    private static final Set<ClientAuthenticationMethod> USABLE_METHODS = Set.of(ClientAuthenticationMethod.NONE,
            ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);

    private final HttpTransport http;
    private final RegistrationCache cache;

    /** A registrar sending registration requests through {@code http} (which adds its static headers). */
    public ClientRegistrar(HttpTransport http) {
        this(http, null);
    }

    /**
     * A registrar that reuses registrations from {@code cache} (per issuer and redirect URI) and
     * stores the ones it makes there; {@code null} caches nothing.
     */
    public ClientRegistrar(HttpTransport http, RegistrationCache cache) {
        this.http = Objects.requireNonNull(http, "http");
        this.cache = cache;
    }

    /**
     * Returns the identity to use with {@code request.issuer()}, registering dynamically if that is
     * what the priority order leads to.
     *
     * @throws McpOAuthException {@link ErrorCode#NO_CLIENT_IDENTITY}, {@link ErrorCode#CIMD_UNSUPPORTED},
     *     {@link ErrorCode#DCR_UNSUPPORTED}, {@link ErrorCode#REGISTRATION_REJECTED},
     *     {@link ErrorCode#INSECURE_ENDPOINT}, {@link ErrorCode#INVALID_INPUT},
     *     {@link ErrorCode#MALFORMED_RESPONSE} or a transport error
     */
    public ClientIdentity resolve(RegistrationRequest request) {
        Objects.requireNonNull(request, "request");
        String issuer = request.issuer();
        PreRegistered pre = request.preRegistered();
        if (pre != null) {
            if (pre.isUsableWith(issuer)) {
                LOG.debug("Using the pre-registered client {} for {}", pre.clientId(), issuer);
                return pre;
            }
            LOG.debug("Skipping the pre-registered client {}: it is bound to {}, not {}",
                    pre.clientId(), pre.issuer(), issuer);
        }

        RegistrationMode mode = request.mode();
        String metadataUrl = request.clientMetadataUrl();
        boolean cimdSupported = supportsMetadataDocuments(request.metadata());
        if (mode != RegistrationMode.DCR && metadataUrl != null && cimdSupported) {
            ClientMetadataUrls.validateFixedUrl(metadataUrl);
            LOG.debug("Using the client metadata document {} as client_id for {}", metadataUrl, issuer);
            return new MetadataDocument(metadataUrl, issuer);
        }
        if (mode == RegistrationMode.CIMD) {
            if (metadataUrl == null) {
                throw new McpOAuthException(ErrorCode.CIMD_UNSUPPORTED,
                        "registration mode `cimd` needs a client metadata URL, and none was given",
                        "Set a client metadata URL base, or use registration mode `auto` or `dcr`.", null);
            }
            throw new McpOAuthException(ErrorCode.CIMD_UNSUPPORTED, "the authorization server `" + issuer
                    + "` does not advertise `" + CIMD_SUPPORTED_MEMBER + ": true` in its metadata");
        }

        URI registrationEndpoint = request.metadata().getRegistrationEndpointURI();
        if (registrationEndpoint != null) {
            if (cache != null) {
                DynamicallyRegistered known = cache.find(issuer, request.redirectUri()).orElse(null);
                if (known != null) {
                    LOG.debug("Reusing the client {} registered at {} for {}", known.clientId(), issuer, request.redirectUri());
                    return known;
                }
            }
            DynamicallyRegistered registered = register(request, registrationEndpoint);
            if (cache != null) {
                cache.put(registered);
            }
            return registered;
        }
        if (mode == RegistrationMode.DCR) {
            throw new McpOAuthException(ErrorCode.DCR_UNSUPPORTED, "the authorization server `" + issuer
                    + "` has no registration_endpoint in its metadata (RFC 8414 §2)");
        }
        String cimdPart = metadataUrl == null
                ? "no client metadata URL base was given"
                : "the authorization server `" + issuer + "` does not support Client ID Metadata Documents";
        throw new McpOAuthException(ErrorCode.NO_CLIENT_IDENTITY, cimdPart
                        + ", and `" + issuer + "` offers no dynamic client registration",
                "Pre-register a client with the provider and set its client_id in the server's configuration.", null);
    }

    /** Whether the metadata says {@code client_id_metadata_document_supported: true} (a JSON boolean). */
    public static boolean supportsMetadataDocuments(AuthorizationServerMetadata metadata) {
        return Boolean.TRUE.equals(metadata.getCustomParameter(CIMD_SUPPORTED_MEMBER));
    }

    /**
     * The {@code token_endpoint_auth_method} to request: {@code none} (a public native client) when
     * the server lists it or lists nothing, else {@code client_secret_basic} when listed, else
     * {@code client_secret_post} when listed, else {@code client_secret_basic}, which RFC 6749 §2.3.1
     * requires every server to support.
     */
    static ClientAuthenticationMethod requestedAuthMethod(List<ClientAuthenticationMethod> supported) {
        if (supported == null || supported.isEmpty() || supported.contains(ClientAuthenticationMethod.NONE)) {
            return ClientAuthenticationMethod.NONE;
        }
        if (!supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                && supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
            return ClientAuthenticationMethod.CLIENT_SECRET_POST;
        }
        return ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
    }

    private DynamicallyRegistered register(RegistrationRequest request, URI endpoint) {
        requireSecure(endpoint);
        ClientAuthenticationMethod method = requestedAuthMethod(request.metadata().getTokenEndpointAuthMethods());
        ObjectNode body = requestBody(request, method);
        LOG.debug("Registering a client at {} (token_endpoint_auth_method {})", endpoint, method);
        HttpResult result = http.send(HttpCall.post(endpoint, "application/json", body.toString())
                .header("Accept", "application/json"));
        if (!result.isSuccess()) {
            throw rejected(endpoint, result);
        }
        return parseResponse(request, endpoint, result, method);
    }

    static ObjectNode requestBody(RegistrationRequest request, ClientAuthenticationMethod method) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("client_name", request.clientName());
        body.putArray("redirect_uris").add(request.redirectUri());
        ArrayNode grants = body.putArray("grant_types");
        GRANT_TYPES.forEach(grants::add);
        ArrayNode responses = body.putArray("response_types");
        RESPONSE_TYPES.forEach(responses::add);
        body.put("token_endpoint_auth_method", method.getValue());
        body.put("application_type", isLoopback(request.redirectUri()) ? "native" : "web");
        if (!request.scopes().isEmpty()) {
            body.put("scope", String.join(" ", request.scopes()));
        }
        return body;
    }

    private static boolean isLoopback(String redirectUri) {
        try {
            return Urls.isLoopbackHost(new URI(redirectUri).getHost());
        } catch (URISyntaxException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "invalid redirect URI `" + redirectUri + "`", e);
        }
    }

    private static void requireSecure(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || (scheme.equals("http") && Urls.isLoopbackHost(endpoint.getHost())))) {
            throw new McpOAuthException(ErrorCode.INSECURE_ENDPOINT, "refusing to register at `" + endpoint
                    + "`: the registration endpoint must use TLS unless it is loopback (RFC 7591 §3)");
        }
    }

    private static McpOAuthException rejected(URI endpoint, HttpResult result) {
        String error = null;
        String description = null;
        try {
            ObjectNode body = Json.parseObject(result.body(), "registration error response");
            error = textMember(body, "error");
            description = textMember(body, "error_description");
        } catch (McpOAuthException notJson) {
            // Not an RFC 7591 §3.2.2 error body; the status alone is reported.
        }
        StringBuilder detail = new StringBuilder("the registration endpoint `").append(endpoint)
                .append("` refused to register this client (HTTP ").append(result.status()).append(')');
        if (error != null) {
            detail.append(": ").append(ServerText.sanitize(error));
            if (description != null) {
                detail.append(" (").append(ServerText.sanitize(description)).append(')');
            }
        }
        return new McpOAuthException(ErrorCode.REGISTRATION_REJECTED, detail.toString());
    }

    private static String textMember(ObjectNode object, String name) {
        JsonNode node = object.get(name);
        return node != null && node.isTextual() && !node.textValue().isEmpty() ? node.textValue() : null;
    }

    private static DynamicallyRegistered parseResponse(RegistrationRequest request, URI endpoint, HttpResult result,
                                                       ClientAuthenticationMethod requested) {
        String where = "registration response from `" + endpoint + "`";
        ObjectNode body = Json.readObject(result, "registration response");
        String clientId = Json.optString(body, "client_id", where).orElse("");
        if (clientId.isEmpty()) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, where + " has no client_id (RFC 7591 §3.2.1)");
        }
        List<String> sent = List.of(request.redirectUri());
        if (body.hasNonNull("redirect_uris")) {
            List<String> registered = Json.optStringList(body, "redirect_uris", where);
            if (!registered.equals(sent)) {
                throw new McpOAuthException(ErrorCode.REGISTRATION_REJECTED,
                        "registration changed the redirect URIs: sent " + sent + ", the authorization server `"
                                + request.issuer() + "` registered " + ServerText.sanitize(registered.toString())
                                + " (RFC 7591 §3.2.1)");
            }
        }
        ClientAuthenticationMethod method = Json.optString(body, "token_endpoint_auth_method", where)
                .filter(value -> !value.isEmpty())
                .map(ClientAuthenticationMethod::parse)
                .orElse(requested);
        if (!USABLE_METHODS.contains(method)) {
            throw new McpOAuthException(ErrorCode.REGISTRATION_REJECTED, "the authorization server `"
                    + request.issuer() + "` registered token_endpoint_auth_method `"
                    + ServerText.sanitize(method.getValue()) + "`, which this client cannot use");
        }
        Secret secret = Json.optString(body, "client_secret", where).filter(s -> !s.isEmpty()).map(Secret::new)
                .orElse(null);
        if (secret == null && !method.equals(ClientAuthenticationMethod.NONE)) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, where + " sets token_endpoint_auth_method `"
                    + method.getValue() + "` but has no client_secret (RFC 7591 §3.2.1)");
        }
        Instant secretExpiresAt = null;
        JsonNode expires = body.get("client_secret_expires_at");
        if (expires != null && !expires.isNull()) {
            if (!expires.canConvertToLong() || !expires.isIntegralNumber() || expires.longValue() < 0) {
                throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                        where + ": `client_secret_expires_at` must be a non-negative integer");
            }
            if (expires.longValue() != 0) {
                secretExpiresAt = Instant.ofEpochSecond(expires.longValue());
            }
        }
        LOG.debug("Registered client {} at {} (token_endpoint_auth_method {})", clientId, endpoint, method);
        return new DynamicallyRegistered(clientId, secret, method, request.issuer(), sent, secretExpiresAt);
    }
}

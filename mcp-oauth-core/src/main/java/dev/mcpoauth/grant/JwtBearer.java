package dev.mcpoauth.grant;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.mcpoauth.registration.PreRegistered;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The JWT bearer grant (RFC 7523 §2.1) with a workload's own JWT, as workload identity federation
 * uses it: the platform (a cloud, Kubernetes, a CI system) issues the workload a signed JWT whose
 * audience is the authorization server, and the client trades it for an access token. A rejected
 * assertion is reported, never retried with the same assertion or another grant.
 *
 * <pre>{@code
 * Grant grant = JwtBearer.publicClient("ci-deployer",
 *         () -> Files.readString(Path.of("/var/run/secrets/tokens/mcp-token")).trim());
 * }</pre>
 *
 * @param client    the client (often public: {@code token_endpoint_auth_method} {@code none})
 * @param assertion where the current JWT comes from; read at each token request, since platforms rotate it
 * @param scopes    the scopes to ask for, or {@code null} for the discovered ones
 */
public record JwtBearer(PreRegistered client, Supplier<String> assertion, List<String> scopes) implements Grant {
    public JwtBearer {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(assertion, "assertion");
        scopes = scopes == null ? null : List.copyOf(scopes);
    }

    /** A public client ({@code none}) presenting the assertion, usable with any issuer. */
    public static JwtBearer publicClient(String clientId, Supplier<String> assertion) {
        return new JwtBearer(new PreRegistered(clientId, null, ClientAuthenticationMethod.NONE, null, null), assertion,
                null);
    }

    @Override
    public String toString() {
        return "JwtBearer[client=" + client + ", assertion=***, scopes=" + scopes + "]";
    }
}

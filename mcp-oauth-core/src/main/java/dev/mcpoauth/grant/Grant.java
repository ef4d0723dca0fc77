package dev.mcpoauth.grant;

import dev.mcpoauth.registration.PreRegistered;
import java.util.List;

/**
 * How a client without a user obtains tokens for an MCP server: a service with its own credentials
 * ({@link ClientCredentials}, RFC 6749 §4.4), a workload presenting a JWT from its platform
 * ({@link JwtBearer}, RFC 7523 §2.1), or an application acting for an enterprise user through the
 * user's identity provider ({@link IdentityAssertion}, RFC 8693 then RFC 7523). {@link GrantFlow}
 * runs them.
 *
 * <p>Related specifications: MCP authorization extensions "OAuth Client Credentials" (SEP-1046),
 * "Workload Identity Federation" (SEP-1933) and "Enterprise-Managed Authorization" (SEP-990).
 */
public sealed interface Grant permits ClientCredentials, JwtBearer, IdentityAssertion {

    /** The client as the MCP server's authorization server knows it (with its secret or key). */
    PreRegistered client();

    /** The scopes to ask for, or {@code null} for those discovery finds (challenge, then resource metadata). */
    List<String> scopes();
}

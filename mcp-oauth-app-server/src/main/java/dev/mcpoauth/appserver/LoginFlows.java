package dev.mcpoauth.appserver;

import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.http.HttpTransport;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.store.CredentialStore;

/**
 * The login flow for the address policy a config asks for: {@code mcp_oauth_allow_private_addresses}
 * is read from the configuration each request uses (it can change with {@code config/mcpServer/reload}),
 * so there is one flow that applies the policy's default rules and one that allows private addresses.
 * Two flows rather than one rebuilt per request: each keeps its own discovery and registration caches,
 * so a result obtained while private addresses were allowed is never reused after they are not.
 */
final class LoginFlows {
    private final LoginFlow strict;
    private final LoginFlow allowingPrivate;

    /** {@code transport}'s own {@code allowPrivateAddresses(true)}, if set, holds for every config. */
    LoginFlows(CredentialStore store, HttpTransport transport) {
        this.allowingPrivate = flow(store, transport.toBuilder().allowPrivateAddresses(true).build());
        this.strict = transport.addressPolicy().allowsPrivateAddresses() ? allowingPrivate : flow(store, transport);
    }

    private static LoginFlow flow(CredentialStore store, HttpTransport transport) {
        return LoginFlow.builder().credentialStore(store).httpTransport(transport).build();
    }

    /** The flow for a login that uses {@code config}. */
    LoginFlow forConfig(McpOAuthConfig config) {
        return config.allowPrivateAddresses() ? allowingPrivate : strict;
    }
}

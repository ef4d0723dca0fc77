package dev.mcpoauth.testkit;

import java.util.List;
import java.util.Set;

/** The OAuth 2.1 authorization server: wires its endpoints onto a router and owns clients and tokens. */
final class AuthorizationServer implements AutoCloseable {

    private final Settings settings;
    private final Topology topology;
    private final ClientRegistry clients = new ClientRegistry();
    private final TokenStore tokens = new TokenStore();
    private final ClientMetadataFetcher fetcher = new ClientMetadataFetcher();

    AuthorizationServer(Settings settings, Topology topology) {
        this.settings = settings;
        this.topology = topology;
        for (Settings.PreRegisteredClient c : settings.preRegisteredClients()) {
            Set<String> methods = c.secret() == null
                    ? Set.of("none") : Set.of("client_secret_basic", "client_secret_post");
            clients.put(new Client(c.clientId(), c.secret(), methods, c.redirectUris(), c.redirectUris().isEmpty(),
                    null, null, null, null));
        }
    }

    /** Registers metadata, authorization, token, registration (if enabled) and client metadata host routes. */
    void install(Router router) {
        String base = topology.issuerPath();
        new AuthorizationServerMetadataEndpoint(settings, topology).install(router);
        AuthorizationEndpoint authorization = new AuthorizationEndpoint(settings, topology, clients, fetcher, tokens);
        router.on("GET", base + "/authorize", "as", authorization::start);
        if (settings.approval() == Approval.CONSENT_PAGE) {
            router.on("POST", base + "/authorize", "as", authorization::decide);
        }
        TokenEndpoint token = new TokenEndpoint(settings, topology, tokens,
                new ClientAuthenticator(settings, topology, clients));
        router.on("POST", base + "/token", "as", token::handle);
        if (settings.dcr()) {
            router.on("POST", base + "/register", "as", new RegistrationEndpoint(settings, clients)::handle);
        }
        new ClientMetadataHost(topology).install(router);
    }

    TokenStore tokens() {
        return tokens;
    }

    ClientRegistry clients() {
        return clients;
    }

    List<RegisteredClient> registeredClients() {
        return clients.registered();
    }

    @Override
    public void close() {
        fetcher.close();
    }
}

package dev.mcpoauth.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** All known clients: pre-registered, dynamically registered and resolved from metadata documents. */
final class ClientRegistry {

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, RegisteredClient> registered = new LinkedHashMap<>();

    Client find(String clientId) {
        return clientId == null ? null : clients.get(clientId);
    }

    /** Adds or replaces a client; clients with a {@link Client#view()} are listed by {@link #registered()}. */
    void put(Client client) {
        clients.put(client.clientId(), client);
        if (client.view() != null) {
            synchronized (registered) {
                registered.put(client.clientId(), client.view());
            }
        }
    }

    /** DCR and CIMD clients, in order of first registration, each with its latest metadata. */
    List<RegisteredClient> registered() {
        synchronized (registered) {
            return List.copyOf(new ArrayList<>(registered.values()));
        }
    }
}

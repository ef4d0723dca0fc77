package dev.mcpoauth.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** A {@link CredentialStore} in memory: nothing survives the process. */
public final class InMemoryCredentialStore implements CredentialStore {
    private final Map<ServerKey, StoredCredentials> entries = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredCredentials> load(ServerKey key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public void save(StoredCredentials credentials) {
        entries.put(credentials.key(), credentials);
    }

    @Override
    public boolean delete(ServerKey key) {
        return entries.remove(key) != null;
    }

    @Override
    public Optional<StoredCredentials> update(ServerKey key, UnaryOperator<Optional<StoredCredentials>> change) {
        // compute() holds the key's lock for the duration of the change.
        StoredCredentials after = entries.compute(key, (k, before) -> change.apply(Optional.ofNullable(before)).orElse(null));
        return Optional.ofNullable(after);
    }

    @Override
    public List<StoredCredentials> list() {
        return List.copyOf(entries.values());
    }
}

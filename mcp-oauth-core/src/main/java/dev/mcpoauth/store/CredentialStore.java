package dev.mcpoauth.store;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where credentials live. Implementations: {@link InMemoryCredentialStore} (tests, short-lived
 * hosts), {@link FileCredentialStore} ({@code credentials.json}, mode 0600, atomic replace) and, in
 * module {@code mcp-oauth-keyring}, {@code KeyringCredentialStore} (the OS keyring) with
 * {@code CredentialStores.open(mode, home, warnings)} choosing among them as
 * {@code mcp_oauth_credentials_store} says.
 *
 * <p>Implementations are thread-safe. A {@link #save} either fully happens or fails with
 * {@link dev.mcpoauth.ErrorCode#STORE_FAILED}: callers hand out a token only after it was saved.
 *
 * <pre>{@code
 * CredentialStore store = FileCredentialStore.inHome(Path.of(System.getProperty("user.home"), ".mcp-oauth"));
 * store.load(new ServerKey("linear", "https://mcp.linear.app/mcp")).ifPresent(c -> ...);
 * }</pre>
 */
public interface CredentialStore {
    /** The credentials stored for a server, if any. */
    Optional<StoredCredentials> load(ServerKey key);

    /** Stores (replaces) a server's credentials. */
    void save(StoredCredentials credentials);

    /** Removes a server's credentials; {@code true} when something was removed. */
    boolean delete(ServerKey key);

    /** Every stored entry, in no particular order. */
    List<StoredCredentials> list();

    /**
     * Reads one entry, applies {@code change} and writes the result, as one step no other writer
     * can interleave with: under the store's lock (across processes for the file store). The token
     * manager refreshes inside it, so a refresh token rotated by another process is seen before it
     * is used. Returning {@link Optional#empty()} deletes the entry; returning the input unchanged
     * writes nothing.
     *
     * <p>A store without a lock (a database) implements this as compare-and-set: read the entry with
     * its version, apply, write only if the version is unchanged, else re-read and retry; see
     * {@code docs/credential-stores.md}.
     *
     * @return the entry after the change
     */
    Optional<StoredCredentials> update(ServerKey key, UnaryOperator<Optional<StoredCredentials>> change);
}

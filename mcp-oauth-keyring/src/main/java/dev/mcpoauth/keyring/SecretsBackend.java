package dev.mcpoauth.keyring;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * One open connection to a keyring, with the few operations the store needs on one keyring service:
 * read, write and remove one secret by account name. Calls may block for any time (a locked Secret
 * Service waits for an unlock prompt nobody sees; a hung one never answers); {@link BoundedKeyring}
 * puts a deadline on every call.
 */
interface SecretsBackend {
    /** The secret stored under {@code account}, empty when there is none. */
    Optional<String> read(String account) throws Exception;

    /** Stores (replaces) the secret under {@code account}. */
    void write(String account, String secret) throws Exception;

    /** Removes the secret under {@code account}; {@code true} when one was removed. */
    boolean remove(String account) throws Exception;

    /** Opens a connection. */
    @FunctionalInterface
    interface Connector {
        /**
         * Connects to the keyring.
         *
         * @param closeAfterwards receives every resource to close when the work is done or abandoned,
         *     as soon as it exists, so that a connection whose setup then hangs is still closed (a D-Bus
         *     connection owns a non-daemon thread that would keep the JVM alive)
         */
        SecretsBackend connect(Consumer<AutoCloseable> closeAfterwards) throws Exception;
    }
}

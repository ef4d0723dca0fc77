package dev.mcpoauth.keyring;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.KeyringStorageType;
import com.github.javakeyring.PasswordAccessException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link SecretsBackend} on java-keyring, for macOS Keychain and Windows Credential Manager (the
 * Secret Service has its own backend, {@link SecretServiceBackend}).
 *
 * <p>java-keyring reports a missing secret as an exception; the messages its backends use for that
 * are recognised here, so "absent" is never confused with "failed".
 */
final class JavaKeyringBackend implements SecretsBackend {
    /**
     * How java-keyring 1.0.4 says "no such secret": Secret Service and modern macOS backends, Windows
     * ({@code ERROR_NOT_FOUND} = 1168), KWallet, and the legacy macOS backend's system message.
     */
    private static final List<String> NOT_FOUND = List.of(
            "no stored credentials match", "no password to delete", "error code 1168",
            "not in wallet", "could not be found");

    private final String service;
    private final Keyring keyring;

    private JavaKeyringBackend(String service, Keyring keyring) {
        this.service = service;
        this.keyring = keyring;
    }

    /**
     * Opens one java-keyring backend; one per platform rather than java-keyring's search, so a failure
     * keeps its cause.
     *
     * @throws BackendNotSupportedException when the keyring cannot be used on this machine
     */
    static JavaKeyringBackend connect(String service, KeyringStorageType type, Consumer<AutoCloseable> closeAfterwards)
            throws BackendNotSupportedException {
        Keyring keyring = Keyring.create(type);
        closeAfterwards.accept(keyring);
        return new JavaKeyringBackend(service, keyring);
    }

    @Override
    public Optional<String> read(String account) throws PasswordAccessException {
        try {
            return Optional.ofNullable(keyring.getPassword(service, account));
        } catch (PasswordAccessException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void write(String account, String secret) throws PasswordAccessException {
        keyring.setPassword(service, account, secret);
    }

    @Override
    public boolean remove(String account) throws PasswordAccessException {
        try {
            keyring.deletePassword(service, account);
            return true;
        } catch (PasswordAccessException e) {
            if (isNotFound(e)) {
                return false;
            }
            throw e;
        }
    }

    static boolean isNotFound(PasswordAccessException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return NOT_FOUND.stream().anyMatch(message::contains);
    }
}

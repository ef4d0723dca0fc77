package dev.mcpoauth.keyring;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.config.CredentialsStoreMode;
import dev.mcpoauth.store.CredentialStore;
import dev.mcpoauth.store.FileCredentialStore;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Opens the credential store that {@code mcp_oauth_credentials_store} asks for.
 *
 * <ul>
 *   <li>{@code file}: {@code $MCP_OAUTH_HOME/credentials.json} ({@link FileCredentialStore});</li>
 *   <li>{@code keyring}: the OS keyring ({@link KeyringCredentialStore}), or a clear
 *       {@link ErrorCode#STORE_FAILED} when it is not available;</li>
 *   <li>{@code auto}: the OS keyring when it answers within {@link KeyringCredentialStore#CALL_TIMEOUT},
 *       else the file, after one visible warning line: never a silent switch.</li>
 * </ul>
 *
 * <pre>{@code
 * CredentialStore store = CredentialStores.open(CredentialsStoreMode.AUTO, McpOAuthConfig.home(System.getenv()),
 *         System.err::println);
 * // warning: the OS keyring is not available (no D-Bus session: DBUS_SESSION_BUS_ADDRESS is not set);
 * //          storing credentials in ~/.mcp-oauth/credentials.json instead
 * }</pre>
 */
public final class CredentialStores {
    private CredentialStores() {
    }

    /**
     * The store for {@code mode}.
     *
     * @param home     {@code $MCP_OAUTH_HOME}
     * @param warnings receives the one-line warning when {@code auto} falls back to the file
     * @throws McpOAuthException {@link ErrorCode#STORE_FAILED} for {@code keyring} when no keyring answers
     */
    public static CredentialStore open(CredentialsStoreMode mode, Path home, Consumer<String> warnings) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(warnings, "warnings");
        switch (mode) {
            case FILE:
                return FileCredentialStore.inHome(home);
            case KEYRING:
                return KeyringCredentialStore.open(home);
            case AUTO:
            default:
                try {
                    return KeyringCredentialStore.open(home);
                } catch (McpOAuthException e) {
                    if (e.code() != ErrorCode.STORE_FAILED) {
                        throw e;
                    }
                    warnings.accept("warning: " + e.detail() + "; storing credentials in "
                            + KeyringCredentialStore.displayPath(home.resolve(FileCredentialStore.FILE_NAME)) + " instead");
                    return FileCredentialStore.inHome(home);
                }
        }
    }
}

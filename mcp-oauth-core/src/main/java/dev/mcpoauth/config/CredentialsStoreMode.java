package dev.mcpoauth.config;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.util.Locale;

/** The reference's {@code mcp_oauth_credentials_store}: where tokens are kept. */
public enum CredentialsStoreMode {
    /** {@code $MCP_OAUTH_HOME/credentials.json}, mode 0600. */
    FILE,
    /** The OS keyring (macOS Keychain, Windows Credential Manager, Secret Service). */
    KEYRING,
    /** The keyring, falling back to the file with a visible warning when no keyring answers. */
    AUTO;

    public static CredentialsStoreMode parse(String value, String where) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                    where + ": unknown credentials store `" + value + "`; use one of file, keyring, auto");
        }
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}

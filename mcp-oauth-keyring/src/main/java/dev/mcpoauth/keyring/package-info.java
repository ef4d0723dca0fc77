/**
 * Credentials in the OS keyring (macOS Keychain, Windows Credential Manager, freedesktop Secret
 * Service), with every keyring call bounded by a timeout, and {@link dev.mcpoauth.keyring.CredentialStores}
 * to open the store that {@code mcp_oauth_credentials_store} ({@code file}, {@code keyring},
 * {@code auto}) asks for. See {@code docs/credential-stores.md}.
 */
package dev.mcpoauth.keyring;

/**
 * Credential storage: the {@link dev.mcpoauth.store.CredentialStore} plug-in point, an in-memory
 * store and the file store ({@code credentials.json}, mode 0600, atomic replace under a lock).
 * Entries are keyed by server name and URL ({@link dev.mcpoauth.store.ServerKey}) and record the
 * issuer, client identity, tokens, granted scopes, expiry and resource.
 */
package dev.mcpoauth.store;

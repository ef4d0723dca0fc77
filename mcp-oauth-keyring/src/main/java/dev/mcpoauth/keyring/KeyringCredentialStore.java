package dev.mcpoauth.keyring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.javakeyring.KeyringStorageType;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.store.CredentialStore;
import dev.mcpoauth.store.CredentialsJson;
import dev.mcpoauth.store.FileCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Credentials in the OS keyring: macOS Keychain, Windows Credential Manager, or the freedesktop
 * Secret Service (GNOME Keyring, KWallet, KeePassXC) over D-Bus.
 *
 * <p>macOS and Windows keyrings are reached through java-keyring; the Secret Service through the
 * D-Bus library java-keyring uses, on a connection this store owns (see {@code SecretServiceBackend}).
 * Each server's entry is one keyring secret, service {@value #SERVICE}, account
 * {@link ServerKey#id()} ({@code name|url}), holding the same JSON as an entry of
 * {@code credentials.json} ({@link CredentialsJson}) plus a format {@code version}. One more secret,
 * account {@value #INDEX_ACCOUNT}, lists the accounts, because keyrings cannot be enumerated portably;
 * it only serves {@link #list()}, so a stale index never hides or resurrects an entry for
 * {@link #load}.
 *
 * <p>Every keyring call is bounded by {@link #CALL_TIMEOUT}: a hung or locked keyring gives
 * {@link ErrorCode#STORE_FAILED} ("the OS keyring did not answer within 5 s"), never a hung program.
 * Changes ({@link #save}, {@link #delete}, {@link #update}) run under an exclusive lock on
 * {@code $MCP_OAUTH_HOME/keyring.lock}, so a refresh in one process and a refresh in another are one
 * after the other, exactly as with {@link FileCredentialStore}.
 *
 * <pre>{@code
 * CredentialStore keyring = KeyringCredentialStore.open(Path.of(System.getProperty("user.home"), ".mcp-oauth"));
 * // or, honouring mcp_oauth_credentials_store = "file" | "keyring" | "auto":
 * CredentialStore store = CredentialStores.open(config.credentialsStore(), home, System.err::println);
 * }</pre>
 *
 * <p>Limits: Windows Credential Manager holds at most 2,560 bytes per secret; an entry with very large
 * tokens (big JWTs) fails there with {@link ErrorCode#STORE_FAILED}, and the file store is the answer.
 */
public final class KeyringCredentialStore implements CredentialStore {
    /** The keyring service name of every secret this store writes. */
    public static final String SERVICE = "mcp-oauth";
    /** The account of the index secret; entry accounts always contain {@code '|'}, so they never collide. */
    public static final String INDEX_ACCOUNT = "index";
    /** The lock file, under {@code $MCP_OAUTH_HOME}, that serialises changes across processes. */
    public static final String LOCK_FILE_NAME = "keyring.lock";
    /** Format of the JSON in each secret; higher versions are refused, not rewritten. */
    public static final int FORMAT_VERSION = 1;
    /**
     * Longest wait for any one keyring call (including connecting to it). A healthy keyring answers in
     * milliseconds; a locked Secret Service waits for an unlock prompt nobody may ever see, and a hung
     * one never answers at all (a common Linux complaint about the reference host). Five seconds is
     * far above the first and short enough that a command-line user is told what happened.
     */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final BoundedKeyring keyring;
    private final HomeLock lock;
    private final String backendName;
    private final String fileStoreLocation;

    private KeyringCredentialStore(BoundedKeyring keyring, Path home, String backendName) {
        this.keyring = keyring;
        this.lock = new HomeLock(home.resolve(LOCK_FILE_NAME));
        this.backendName = backendName;
        this.fileStoreLocation = displayPath(home.resolve(FileCredentialStore.FILE_NAME));
    }

    /**
     * Connects to this platform's keyring and checks that it answers, waiting at most
     * {@link #CALL_TIMEOUT} for each step.
     *
     * @param home {@code $MCP_OAUTH_HOME}, where the lock file lives
     * @throws McpOAuthException {@link ErrorCode#STORE_FAILED} "the OS keyring is not available (why)"
     */
    public static KeyringCredentialStore open(Path home) {
        return open(home, CALL_TIMEOUT);
    }

    /** As {@link #open(Path)}, with another bound on each keyring call. */
    public static KeyringCredentialStore open(Path home, Duration callTimeout) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return open(home, done -> JavaKeyringBackend.connect(SERVICE, KeyringStorageType.OSX_KEYCHAIN, done),
                    callTimeout, "macOS Keychain");
        }
        if (os.contains("windows")) {
            return open(home, done -> JavaKeyringBackend.connect(SERVICE, KeyringStorageType.WINDOWS_CREDENTIAL_STORE, done),
                    callTimeout, "Windows Credential Manager");
        }
        String bus = System.getenv("DBUS_SESSION_BUS_ADDRESS");
        if (bus == null || bus.isBlank()) {
            // dbus-java finds no session bus without it either; say so rather than quote its exception.
            throw unavailable(home, "no D-Bus session: DBUS_SESSION_BUS_ADDRESS is not set", null);
        }
        return open(home, done -> SecretServiceBackend.connect(SERVICE, done), callTimeout, "Secret Service");
    }

    /** A store on any backend; the seam for tests of the bounds and the index without an OS keyring. */
    static KeyringCredentialStore open(Path home, SecretsBackend.Connector connect, Duration callTimeout,
                                       String backendName) {
        Objects.requireNonNull(home, "home");
        BoundedKeyring keyring = new BoundedKeyring(connect, callTimeout);
        try {
            // The probe: a locked, hung or absent keyring shows here, not halfway through the first login.
            keyring.session(session -> session.read(INDEX_ACCOUNT));
        } catch (KeyringFailure e) {
            throw unavailable(home, e.timedOut() ? "it did not answer within " + BoundedKeyring.seconds(callTimeout)
                    : e.reason(), e);
        }
        return new KeyringCredentialStore(keyring, home, backendName);
    }

    private static McpOAuthException unavailable(Path home, String reason, Throwable cause) {
        return new McpOAuthException(ErrorCode.STORE_FAILED, "the OS keyring is not available (" + reason + ")",
                "Unlock or start the keyring, or set mcp_oauth_credentials_store = \"file\" in config.toml "
                        + "to keep credentials in " + displayPath(home.resolve(FileCredentialStore.FILE_NAME)) + ".",
                cause);
    }

    /** Which keyring this is, e.g. {@code "Secret Service"}, for status output. */
    public String backendName() {
        return backendName;
    }

    @Override
    public Optional<StoredCredentials> load(ServerKey key) {
        return session("read the credentials of '" + key.name() + "'", session -> readEntry(session, key));
    }

    @Override
    public void save(StoredCredentials credentials) {
        lock.locked(() -> session("store the credentials of '" + credentials.key().name() + "'", session -> {
            writeEntry(session, credentials);
            return null;
        }));
    }

    @Override
    public boolean delete(ServerKey key) {
        return lock.locked(() -> session("remove the credentials of '" + key.name() + "'",
                session -> removeEntry(session, key)));
    }

    @Override
    public Optional<StoredCredentials> update(ServerKey key, UnaryOperator<Optional<StoredCredentials>> change) {
        return lock.locked(() -> session("update the credentials of '" + key.name() + "'", session -> {
            Optional<StoredCredentials> before = readEntry(session, key);
            Optional<StoredCredentials> after = change.apply(before);
            if (after.equals(before)) {
                return after;
            }
            if (after.isPresent()) {
                if (!after.get().key().equals(key)) {
                    throw new IllegalArgumentException("update of '" + key.name() + "' returned another server's entry");
                }
                writeEntry(session, after.get());
            } else {
                removeEntry(session, key);
            }
            return after;
        }));
    }

    @Override
    public List<StoredCredentials> list() {
        return lock.locked(() -> session("list the stored credentials", session -> {
            Set<String> accounts = readIndex(session);
            List<StoredCredentials> out = new ArrayList<>();
            Set<String> present = new LinkedHashSet<>();
            for (String account : accounts) {
                Optional<String> secret = session.read(account);
                if (secret.isPresent()) {
                    present.add(account);
                    out.add(parseEntry(null, secret.get()));
                }
            }
            if (!present.equals(accounts)) {
                writeIndex(session, present); // entries removed outside mcp-oauth (a keyring UI): forget them
            }
            return out;
        }));
    }

    @Override
    public String toString() {
        return "KeyringCredentialStore[" + backendName + ", service=" + SERVICE + ", lock=" + lock.file() + "]";
    }

    // Entries -------------------------------------------------------------------------------------

    private static Optional<StoredCredentials> readEntry(BoundedKeyring.Session session, ServerKey key)
            throws KeyringFailure {
        Optional<String> secret = session.read(key.id());
        return secret.map(value -> parseEntry(key, value));
    }

    /** Writes the entry, then makes sure the index lists it (a crash in between is healed by the next save). */
    private static void writeEntry(BoundedKeyring.Session session, StoredCredentials credentials) throws KeyringFailure {
        ServerKey key = credentials.key();
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("version", FORMAT_VERSION);
        node.setAll(CredentialsJson.toJson(credentials));
        session.write(key.id(), node.toString());
        Set<String> accounts = readIndex(session);
        if (accounts.add(key.id())) {
            writeIndex(session, accounts);
        }
    }

    /** Removes the entry first, then the index line: a crash in between leaves no unlisted secret behind. */
    private static boolean removeEntry(BoundedKeyring.Session session, ServerKey key) throws KeyringFailure {
        boolean removed = session.remove(key.id());
        Set<String> accounts = readIndex(session);
        if (accounts.remove(key.id())) {
            writeIndex(session, accounts);
        }
        return removed;
    }

    private static StoredCredentials parseEntry(ServerKey expected, String secret) {
        String what = expected != null ? "the keyring entry of '" + expected.name() + "'" : "a keyring entry of mcp-oauth";
        ObjectNode node;
        try {
            node = Json.parseObject(secret.getBytes(StandardCharsets.UTF_8), what);
        } catch (McpOAuthException e) {
            throw new McpOAuthException(ErrorCode.STORE_FAILED, what + " is unreadable (" + e.detail() + ")",
                    expected != null ? "Run `mcp-oauth logout " + expected.name() + "` and log in again."
                            : "Log out of the affected server and log in again.", e);
        }
        checkVersion(node, what);
        ServerKey key = CredentialsJson.keyOf(node);
        if (expected != null && !expected.equals(key)) {
            throw new McpOAuthException(ErrorCode.STORE_FAILED, what + " is stored under another server's name",
                    "Run `mcp-oauth logout " + expected.name() + "` and log in again.", null);
        }
        return CredentialsJson.fromJson(key, node);
    }

    // Index ---------------------------------------------------------------------------------------

    private static Set<String> readIndex(BoundedKeyring.Session session) throws KeyringFailure {
        Optional<String> secret = session.read(INDEX_ACCOUNT);
        Set<String> accounts = new LinkedHashSet<>();
        if (secret.isEmpty()) {
            return accounts;
        }
        String what = "the keyring's index of stored servers (service " + SERVICE + ", account " + INDEX_ACCOUNT + ")";
        ObjectNode node;
        try {
            node = Json.parseObject(secret.get().getBytes(StandardCharsets.UTF_8), what);
        } catch (McpOAuthException e) {
            throw new McpOAuthException(ErrorCode.STORE_FAILED, what + " is unreadable (" + e.detail() + ")",
                    "Remove that keyring item (e.g. `secret-tool clear service " + SERVICE + " account " + INDEX_ACCOUNT
                            + "`); stored logins keep working and are listed again after their next refresh or login.", e);
        }
        checkVersion(node, what);
        node.path("accounts").forEach(account -> accounts.add(account.asText()));
        return accounts;
    }

    private static void writeIndex(BoundedKeyring.Session session, Set<String> accounts) throws KeyringFailure {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("version", FORMAT_VERSION);
        ArrayNode list = node.putArray("accounts");
        accounts.forEach(list::add);
        session.write(INDEX_ACCOUNT, node.toString());
    }

    private static void checkVersion(ObjectNode node, String what) {
        JsonNode version = node.get("version");
        if (version != null && version.canConvertToInt() && version.intValue() > FORMAT_VERSION) {
            throw new McpOAuthException(ErrorCode.STORE_FAILED, what + " has format version " + version.intValue()
                    + ", newer than this mcp-oauth understands (" + FORMAT_VERSION + ")",
                    "Upgrade mcp-oauth; the entry was left as it is.", null);
        }
    }

    // Calls ---------------------------------------------------------------------------------------

    /** One store operation on one keyring connection; any keyring failure becomes one clear {@link ErrorCode#STORE_FAILED}. */
    private <T> T session(String what, BoundedKeyring.Work<T> work) {
        try {
            return keyring.session(work);
        } catch (KeyringFailure e) {
            if (e.timedOut()) {
                throw new McpOAuthException(ErrorCode.STORE_FAILED,
                        "the OS keyring did not answer within " + BoundedKeyring.seconds(keyring.timeout()),
                        "A locked or hung keyring does not answer: unlock it, or set mcp_oauth_credentials_store = "
                                + "\"file\" in config.toml to keep credentials in " + fileStoreLocation + ".", e);
            }
            throw new McpOAuthException(ErrorCode.STORE_FAILED,
                    "the OS keyring could not " + what + " (" + e.reason() + ")",
                    "Check that the keyring is unlocked, or set mcp_oauth_credentials_store = \"file\" in config.toml "
                            + "to keep credentials in " + fileStoreLocation + ".", e);
        }
    }

    /** {@code ~/.mcp-oauth/credentials.json} for paths under the user's home, else the absolute path. */
    static String displayPath(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        String userHome = System.getProperty("user.home");
        if (userHome != null && !userHome.isEmpty()) {
            Path home = Path.of(userHome).toAbsolutePath().normalize();
            if (absolute.startsWith(home) && !absolute.equals(home)) {
                return "~/" + home.relativize(absolute).toString().replace('\\', '/');
            }
        }
        return absolute.toString();
    }
}

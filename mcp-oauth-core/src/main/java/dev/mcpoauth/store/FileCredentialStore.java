package dev.mcpoauth.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.http.JsonTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Credentials in one JSON file, {@code credentials.json}, readable by its owner only.
 *
 * <p>The directory is created with mode 0700 and the file with 0600. Every change is a
 * read-modify-write under an exclusive lock (a lock file, so several processes serialise) and
 * replaces the file atomically: a temp file in the same directory is written, forced to disk and
 * renamed over the old one, so a crash leaves either the old file or the new one, never a mix. The
 * file carries a format {@code version}. A file that cannot be read is moved aside (never silently
 * overwritten) and reported with {@link ErrorCode#STORE_FAILED}.
 *
 * <pre>{@code
 * CredentialStore store = FileCredentialStore.inHome(Path.of(System.getProperty("user.home"), ".mcp-oauth"));
 * }</pre>
 */
public final class FileCredentialStore implements CredentialStore {
    /** The file format written; files with a higher version are refused, not rewritten. */
    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "credentials.json";

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final Path lockFile;
    private final Clock clock;
    /**
     * Serialises threads of this process; the file lock serialises processes. One per lock file and
     * JVM, shared by every instance on that file: a second {@code FileChannel.lock()} on the same file
     * from the same JVM would throw {@code OverlappingFileLockException} instead of waiting.
     */
    private final ReentrantLock threadLock;
    private static final Map<Path, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();

    private FileCredentialStore(Path file, Clock clock) {
        this.file = file.toAbsolutePath();
        this.lockFile = this.file.resolveSibling(FILE_NAME.equals(this.file.getFileName().toString())
                ? FILE_NAME + ".lock" : this.file.getFileName() + ".lock");
        this.clock = clock;
        this.threadLock = THREAD_LOCKS.computeIfAbsent(this.lockFile.normalize(), f -> new ReentrantLock());
    }

    /** The store at {@code home/credentials.json}. */
    public static FileCredentialStore inHome(Path home) {
        return new FileCredentialStore(home.resolve(FILE_NAME), Clock.systemUTC());
    }

    /** The store at an explicit file path. */
    public static FileCredentialStore at(Path file) {
        return new FileCredentialStore(file, Clock.systemUTC());
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<StoredCredentials> load(ServerKey key) {
        return locked(entries -> Optional.ofNullable(entries.get(key.id())).map(node -> fromJson(key, node)), false);
    }

    @Override
    public void save(StoredCredentials credentials) {
        locked(entries -> {
            entries.set(credentials.key().id(), toJson(credentials));
            return null;
        }, true);
    }

    @Override
    public boolean delete(ServerKey key) {
        return locked(entries -> entries.remove(key.id()) != null, true);
    }

    @Override
    public Optional<StoredCredentials> update(ServerKey key, UnaryOperator<Optional<StoredCredentials>> change) {
        return lockedUpdate(entries -> {
            Optional<StoredCredentials> before = Optional.ofNullable(entries.get(key.id())).map(node -> fromJson(key, node));
            Optional<StoredCredentials> after = change.apply(before);
            if (after.equals(before)) {
                return new Change<>(after, false);
            }
            if (after.isPresent()) {
                entries.set(key.id(), toJson(after.get()));
            } else {
                entries.remove(key.id());
            }
            return new Change<>(after, true);
        });
    }

    @Override
    public List<StoredCredentials> list() {
        return locked(entries -> {
            List<StoredCredentials> out = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = entries.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> entry = fields.next();
                JsonNode node = entry.getValue();
                ServerKey key = new ServerKey(node.path("server_name").asText(), node.path("server_url").asText());
                out.add(fromJson(key, node));
            }
            return out;
        }, false);
    }

    /** A result and whether the file must be rewritten. */
    private record Change<T>(T result, boolean write) {
    }

    private <T> T locked(Function<ObjectNode, T> action, boolean write) {
        return lockedUpdate(entries -> new Change<>(action.apply(entries), write));
    }

    private <T> T lockedUpdate(Function<ObjectNode, Change<T>> action) {
        boolean write = false;
        threadLock.lock();
        try {
            ensureDirectory();
            try (FileChannel lockChannel = FileChannel.open(lockFile, lockOptions(), fileAttributes());
                 FileLock ignored = lockChannel.lock()) {
                ObjectNode root = read();
                ObjectNode servers = (ObjectNode) root.get("servers");
                Change<T> change = action.apply(servers);
                write = change.write();
                if (write) {
                    writeAtomically(root);
                }
                return change.result();
            }
        } catch (IOException e) {
            throw new McpOAuthException(ErrorCode.STORE_FAILED,
                    "cannot " + (write ? "write" : "read") + " credentials file `" + file + "`: " + e.getMessage(), e);
        } finally {
            threadLock.unlock();
        }
    }

    private static Set<StandardOpenOption> lockOptions() {
        return Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)} : new FileAttribute<?>[0];
    }

    private void ensureDirectory() throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
                Files.setPosixFilePermissions(dir, DIR_MODE);
            } else {
                Files.createDirectories(dir);
            }
        }
    }

    private ObjectNode read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return emptyRoot();
        }
        ObjectNode root;
        try {
            root = JsonTree.parseObject(bytes, "credentials file `" + file + "`");
            JsonNode version = root.get("version");
            if (version == null || !version.canConvertToInt()) {
                throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, "credentials file has no format version");
            }
            if (version.intValue() > FORMAT_VERSION) {
                throw new McpOAuthException(ErrorCode.STORE_FAILED,
                        "credentials file `" + file + "` has format version " + version.intValue()
                                + ", newer than this mcp-oauth understands (" + FORMAT_VERSION + ")",
                        "Upgrade mcp-oauth; the file was left as it is.", null);
            }
            if (!root.path("servers").isObject()) {
                throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, "credentials file has no `servers` object");
            }
        } catch (McpOAuthException e) {
            if (e.code() == ErrorCode.STORE_FAILED) {
                throw e;
            }
            Path aside = moveAside();
            throw new McpOAuthException(ErrorCode.STORE_FAILED,
                    "credentials file `" + file + "` was unreadable (" + e.detail() + "); it was moved to `" + aside + "`",
                    "Log in again to the servers you use; the old file is kept for inspection.", e);
        }
        return root;
    }

    private Path moveAside() throws IOException {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(clock.instant());
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp);
        for (int i = 1; Files.exists(aside); i++) {
            aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp + "-" + i);
        }
        Files.move(file, aside);
        return aside;
    }

    private static ObjectNode emptyRoot() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", FORMAT_VERSION);
        root.putObject("servers");
        return root;
    }

    private void writeAtomically(ObjectNode root) throws IOException {
        root.put("version", FORMAT_VERSION);
        byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        Path dir = file.getParent();
        deleteStaleTempFiles(dir);
        Path temp = Files.createTempFile(dir, tempPrefix(), ".tmp", fileAttributes());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (POSIX) {
                Files.setPosixFilePermissions(temp, FILE_MODE);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private String tempPrefix() {
        return "." + file.getFileName() + ".";
    }

    /**
     * Removes temp files a killed writer left behind. Runs under the lock, when no other writer can be
     * between creating its temp file and renaming it, so every temp file present is stale; they hold
     * credentials and must not pile up.
     */
    private void deleteStaleTempFiles(Path dir) throws IOException {
        String prefix = tempPrefix();
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir,
                p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".tmp"))) {
            for (Path temp : stale) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static void forceDirectory(Path dir) {
        // Makes the rename durable on Linux; not supported everywhere, and then best effort.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // The rename itself is atomic; only its durability across a power loss is weaker here.
        }
    }

    private static ObjectNode toJson(StoredCredentials c) {
        return CredentialsJson.toJson(c);
    }

    private static StoredCredentials fromJson(ServerKey key, JsonNode node) {
        return CredentialsJson.fromJson(key, node);
    }
}

package dev.mcpoauth.keyring;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An exclusive lock on a file under {@code $MCP_OAUTH_HOME}, held by one thread of one process at a
 * time: a {@link FileChannel#lock()} serialises processes, and an in-process lock per file serialises
 * the threads of this process (file locks belong to the whole process, and a second lock on the same
 * file from the same JVM would fail instead of waiting).
 */
final class HomeLock {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    /** One lock per lock file in this JVM, shared by every store instance that uses it. */
    private static final Map<Path, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();

    private final Path file;

    HomeLock(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    Path file() {
        return file;
    }

    /** Runs {@code action} holding the lock; creates the directory (0700) and the lock file (0600) if needed. */
    @SuppressWarnings("try") // the FileLock is only held, and released by closing it
    <T> T locked(Supplier<T> action) {
        ReentrantLock threadLock = THREAD_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        threadLock.lock();
        try {
            ensureDirectory(file.getParent());
            try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    fileAttributes());
                 FileLock ignored = channel.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new McpOAuthException(ErrorCode.STORE_FAILED,
                    "cannot lock `" + file + "`: " + e.getMessage(), e);
        } finally {
            threadLock.unlock();
        }
    }

    private static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)} : new FileAttribute<?>[0];
    }

    private static void ensureDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            Files.setPosixFilePermissions(dir, DIR_MODE);
        } else {
            Files.createDirectories(dir);
        }
    }
}

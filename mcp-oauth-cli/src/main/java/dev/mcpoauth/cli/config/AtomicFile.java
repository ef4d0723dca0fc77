package dev.mcpoauth.cli.config;

import dev.mcpoauth.cli.CliException;
import dev.mcpoauth.cli.ExitCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Replaces a text file atomically: the new text goes to a temp file in the same directory, is
 * forced to disk and renamed over the old one, so a crash or a full disk leaves the old file or the
 * new one, never half of each. A symbolic link (a dotfiles manager's) is followed, and the file it
 * points to is replaced, keeping the link. The old file's permissions are kept; a new file is 0600
 * (headers in a config may be secrets) in a 0700 directory.
 */
final class AtomicFile {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> NEW_DIR = PosixFilePermissions.fromString("rwx------");

    private AtomicFile() {
    }

    /**
     * Writes {@code text} to {@code file} if the file still holds {@code expected} ({@code null}:
     * does not exist).
     *
     * @return {@code false} when the file changed since it was read (nothing was written: read it
     *     again and redo the edit)
     * @throws CliException {@code config_edit_failed} when it cannot be written
     */
    static boolean replace(Path file, String expected, String text) {
        Path target = file;
        try {
            if (Files.isSymbolicLink(file)) {
                target = file.toRealPath();
            }
            Path dir = target.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                if (POSIX) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(NEW_DIR));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try {
                write(temp, text);
                if (POSIX) {
                    Files.setPosixFilePermissions(temp, Files.exists(target) ? Files.getPosixFilePermissions(target) : NEW_FILE);
                }
                if (!Objects.equals(current(target), expected)) {
                    return false;
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return true;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new CliException("config_edit_failed", "cannot write " + target + ": " + e.getMessage(),
                    "Check the permissions and free space of its directory; the file was left unchanged.", ExitCodes.FAILURE);
        }
    }

    private static String current(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void write(Path temp, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }
}

package dev.mcpoauth.cli.terminal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which of the standard streams are attached to a terminal, and whether it can show Unicode.
 *
 * <p>The waiting indicator is drawn only on a terminal (never into a log file or a pipe), and the
 * paste prompt is offered only when a person can type. Java 17 has no per-stream check, so on
 * Linux the {@code /proc/self/fd} links are read ({@code /dev/pts/N} or {@code /dev/ttyN} is a
 * terminal); elsewhere {@link System#console()} (stdin and stdout both terminals) decides for all three.
 *
 * @param stdin   standard input is a terminal
 * @param stdout  standard output is a terminal
 * @param stderr  standard error is a terminal
 * @param unicode the default charset is UTF-8, so spinner glyphs render
 */
public record Terminal(boolean stdin, boolean stdout, boolean stderr, boolean unicode) {
    private static final Path FD_DIR = Path.of("/proc/self/fd");

    /** Detects the terminal of this process. */
    public static Terminal detect() {
        boolean unicode = Charset.defaultCharset().equals(StandardCharsets.UTF_8);
        if (Files.isDirectory(FD_DIR)) {
            return new Terminal(isTty(0), isTty(1), isTty(2), unicode);
        }
        boolean console = System.console() != null;
        return new Terminal(console, console, console, unicode);
    }

    /** No terminal at all (tests, pipes). */
    public static Terminal none() {
        return new Terminal(false, false, false, false);
    }

    /** A person can read the prompt and type an answer. */
    public boolean interactive() {
        return stdin && stdout;
    }

    private static boolean isTty(int fd) {
        try {
            String target = Files.readSymbolicLink(FD_DIR.resolve(Integer.toString(fd))).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}

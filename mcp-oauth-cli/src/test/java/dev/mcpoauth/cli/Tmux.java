package dev.mcpoauth.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A command in a real pseudo-terminal: a private tmux server (its own socket, so nothing touches a
 * user's tmux), one window of a fixed size, {@code send-keys} to type and {@code capture-pane} to read
 * the screen. The command's exit status is printed as {@code [exit N]} when it ends.
 */
final class Tmux implements AutoCloseable {
    static final int COLUMNS = 200;
    static final int ROWS = 50;

    private final Path socket;

    private Tmux(Path socket) {
        this.socket = socket;
    }

    /** Whether tmux is installed (CI installs it; elsewhere the tests are skipped). */
    static boolean available() {
        try {
            Process process = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts {@code command} with exactly {@code environment} (plus PATH and TERM) in a new tmux server. */
    static Tmux start(Path dir, List<String> command, Map<String, String> environment) {
        try {
            Path script = dir.resolve("tmux-run.sh");
            StringBuilder text = new StringBuilder("#!/bin/sh\nexec env -i");
            text.append(" PATH=").append(quote(System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
            text.append(" TERM=xterm-256color");
            environment.forEach((name, value) -> text.append(' ').append(name).append('=').append(quote(value)));
            // The shell traps Ctrl-C (its child still gets it) so it survives to print the exit status.
            text.append(" sh -c ").append(quote("trap : INT; " + command.stream().map(Tmux::quote).collect(Collectors.joining(" "))
                    + "; echo \"[exit $?]\"; sleep 120"));
            text.append('\n');
            Files.writeString(script, text.toString());
            Tmux tmux = new Tmux(dir.resolve("tmux.sock"));
            tmux.tmux("new-session", "-d", "-s", "cli", "-x", Integer.toString(COLUMNS), "-y", Integer.toString(ROWS),
                    "sh " + quote(script.toString()));
            return tmux;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The screen, wrapped lines joined, trailing spaces and blank lines dropped. */
    String screen() {
        return tmux("capture-pane", "-p", "-J", "-t", "cli").lines().map(String::stripTrailing)
                .collect(Collectors.joining("\n")).stripTrailing();
    }

    List<String> lines() {
        return List.of(screen().split("\n", -1));
    }

    /** Waits until the screen satisfies {@code test}. */
    String await(Predicate<String> test, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = screen();
            if (test.test(screen)) {
                return screen;
            }
            sleep(100);
        }
        throw new AssertionError("the terminal never showed " + what + "; it shows:\n" + screen);
    }

    String awaitText(String text) {
        return await(screen -> screen.contains(text), CliRunner.MAX_RUN, "`" + text + "`");
    }

    /** Types {@code text} literally, then Enter. */
    void typeLine(String text) {
        tmux("send-keys", "-t", "cli", "-l", text);
        tmux("send-keys", "-t", "cli", "Enter");
    }

    void sendKey(String key) {
        tmux("send-keys", "-t", "cli", key);
    }

    @Override
    public void close() {
        try {
            tmux("kill-server");
        } catch (RuntimeException e) {
            // already gone
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String tmux(String... args) {
        // No user configuration, a private socket, and a TERM even where CI has none.
        List<String> command = new ArrayList<>(List.of("tmux", "-f", "/dev/null", "-S", socket.toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("TERM", "xterm-256color");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("tmux " + String.join(" ", args) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\"'\"'") + "'";
    }
}

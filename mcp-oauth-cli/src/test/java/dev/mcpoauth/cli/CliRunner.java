package dev.mcpoauth.cli;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs {@code mcp-oauth} as a separate process, {@code java -cp <test classpath> dev.mcpoauth.cli.Main},
 * with its own {@code MCP_OAUTH_HOME} and {@code HOME}, and no browser, display or D-Bus session
 * inherited from the machine running the tests.
 */
final class CliRunner {
    /** Longest a command may run in a test before it is killed. */
    static final Duration MAX_RUN = Duration.ofSeconds(60);
    /** Quick start for short-lived JVMs: client compiler only, serial GC. */
    static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

    private final Path home;
    private final Map<String, String> environment = new HashMap<>();

    CliRunner(Path home) {
        this.home = home;
        environment.put("MCP_OAUTH_HOME", home.toString());
        environment.put("HOME", home.resolve("user-home").toString());
        environment.put("LANG", "C.UTF-8");
    }

    Path home() {
        return home;
    }

    Path configFile() {
        return home.resolve("config.toml");
    }

    CliRunner env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Writes {@code $MCP_OAUTH_HOME/config.toml}. */
    CliRunner config(String toml) {
        try {
            Files.createDirectories(home);
            Files.writeString(configFile(), toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The command line that runs the CLI, for tmux and the like. */
    List<String> commandLine(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    /** Runs to completion. */
    Result run(String... args) {
        try (Running running = start(args)) {
            return running.await();
        }
    }

    /** Starts, for commands that need something done while they run (a browser approval). */
    Running start(String... args) {
        ProcessBuilder builder = new ProcessBuilder(commandLine(args));
        Map<String, String> env = builder.environment();
        for (String inherited : List.of("BROWSER", "DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS",
                "MCP_OAUTH_HOME", "XDG_RUNTIME_DIR", "SSH_CONNECTION", "SSH_TTY")) {
            env.remove(inherited);
        }
        env.putAll(environment);
        try {
            return new Running(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a finished command left. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    /** A command in progress; stdout lines arrive as they are printed. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder stdout = new StringBuilder();
        private final CompletableFuture<Void> stdoutDone;
        private final CompletableFuture<String> stderr;

        Running(Process process) {
            this.process = process;
            this.stdoutDone = CompletableFuture.runAsync(this::pumpStdout);
            this.stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        }

        private void pumpStdout() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (stdout) {
                        stdout.append(line).append('\n');
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        /** Waits for the first stdout line matching {@code test}. */
        String awaitLine(Predicate<String> test) {
            long deadline = System.nanoTime() + MAX_RUN.toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    String line = lines.poll(200, TimeUnit.MILLISECONDS);
                    if (line != null && test.test(line)) {
                        return line;
                    }
                    if (line == null && !process.isAlive() && lines.isEmpty()) {
                        stdoutDone.join();
                        if (lines.isEmpty()) {
                            throw new AssertionError("the command ended before printing the expected line:\n" + await());
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError("no matching line within " + MAX_RUN);
        }

        /** The authorization URL printed after the reference's "Authorize `NAME` ..." line. */
        java.net.URI awaitAuthorizationUrl() {
            awaitLine(line -> line.startsWith("Authorize `"));
            return java.net.URI.create(awaitLine(line -> line.startsWith("http")).strip());
        }

        void write(String text) {
            try {
                process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Result await() {
            try {
                if (!process.waitFor(MAX_RUN.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the command did not finish within " + MAX_RUN);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
            stdoutDone.join();
            synchronized (stdout) {
                return new Result(process.exitValue(), stdout.toString(), stderr.join());
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }

        private static String readAll(InputStream in) {
            try {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                in.transferTo(buffer);
                return buffer.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
    }
}

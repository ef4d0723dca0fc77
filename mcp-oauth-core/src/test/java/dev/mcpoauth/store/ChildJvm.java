package dev.mcpoauth.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test program in its own JVM, on the test class path: another OS process, for tests of what
 * happens between processes (file locks, SIGKILL, a process's whole log output). Lines it prints
 * are collected (stdout and stderr together); lines can be sent to its stdin.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final PrintWriter stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    synchronized (all) {
                        all.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output closed: " + e + ")");
            }
        }, "child-jvm-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code mainClass} with {@code args}; {@code jvmOptions} go before the class name.
     * Small heaps and the client compiler keep several of them cheap on a small machine.
     */
    public static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        return start(mainClass, List.of(), args);
    }

    /** Sends one line to the program's stdin. */
    public void send(String line) {
        stdin.println(line);
    }

    /** The next line the program prints that starts with {@code prefix}; earlier other lines are skipped. */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("no line starting with `" + prefix + "` within " + timeout + "; output so far:\n" + output());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Everything printed so far. */
    public String output() {
        synchronized (all) {
            return String.join("\n", all);
        }
    }

    /** Waits for the program to end by itself and returns its exit code. */
    public int waitFor(Duration timeout) throws InterruptedException {
        stdin.close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child JVM did not exit within " + timeout + "; output:\n" + output());
        }
        // Let the reader drain the last lines.
        for (int i = 0; i < 50 && !drained(); i++) {
            Thread.sleep(10);
        }
        return process.exitValue();
    }

    private boolean drained() {
        try {
            return process.getInputStream().available() == 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** SIGKILL on Linux and macOS: the process gets no chance to clean up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}

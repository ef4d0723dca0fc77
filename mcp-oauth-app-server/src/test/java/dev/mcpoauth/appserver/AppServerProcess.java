package dev.mcpoauth.appserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An app server in a child JVM ({@code java -cp <test classpath> AppServerMain}), driven over its
 * stdin and stdout like a UI client would. Every stdout line is kept; a line that is not a JSON-RPC
 * 2.0 message is recorded as junk so tests can assert stdout stays clean.
 */
final class AppServerProcess implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Process process;
    private final OutputStream stdin;
    private final Path stderr;
    private final List<JsonNode> messages = new ArrayList<>();
    private final List<String> junk = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    private AppServerProcess(Process process, Path stderr) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stderr = stderr;
        Thread reader = new Thread(this::readStdout, "app-server-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** JVM flags for test runs: a short-lived child starts faster with the C1 compiler only. */
    static final List<String> TEST_JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1");

    /** Starts {@code AppServerMain --config configFile} with {@code MCP_OAUTH_HOME=home} plus {@code env}. */
    static AppServerProcess start(Path home, Path configFile, Map<String, String> env) {
        return start(home, configFile, env, TEST_JVM_FLAGS);
    }

    static AppServerProcess start(Path home, Path configFile, Map<String, String> env, List<String> jvmFlags) {
        return start(home, configFile, env, jvmFlags, AppServerMain.class);
    }

    /** Starts {@code mainClass --config configFile}; the main class serves stdio like {@link AppServerMain}. */
    static AppServerProcess start(Path home, Path configFile, Map<String, String> env, List<String> jvmFlags,
                                  Class<?> mainClass) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classpath, mainClass.getName(), "--config", configFile.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MCP_OAUTH_HOME", home.toString());
        builder.environment().putAll(env);
        Path stderr = home.resolve("app-server.stderr.log");
        builder.redirectError(stderr.toFile());
        try {
            return new AppServerProcess(builder.start(), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode message = null;
                try {
                    message = MAPPER.readTree(line);
                } catch (IOException e) {
                    // recorded as junk below
                }
                synchronized (this) {
                    if (message == null || !message.isObject() || !"2.0".equals(message.path("jsonrpc").asText())) {
                        junk.add(line);
                    } else {
                        messages.add(message);
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    long pid() {
        return process.pid();
    }

    /** Writes one raw line to stdin. */
    void sendLine(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request without the {@code jsonrpc} member (as the reference's clients do) and returns its id. */
    int send(String method, Object params) {
        int id = ids.incrementAndGet();
        ObjectNode request = MAPPER.createObjectNode();
        request.put("id", id);
        request.put("method", method);
        if (params != null) {
            request.set("params", MAPPER.valueToTree(params));
        }
        sendLine(request.toString());
        return id;
    }

    /** Sends a request and waits for its response (result or error). */
    JsonNode call(String method, Object params) {
        return response(send(method, params));
    }

    /** The response to request {@code id}. */
    JsonNode response(int id) {
        return await(m -> m.path("id").isInt() && m.path("id").asInt() == id && !m.has("method"), "response to " + id);
    }

    /** The first message matching {@code filter}, waiting up to {@link #WAIT}. */
    synchronized JsonNode await(Predicate<JsonNode> filter, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < messages.size(); seen++) {
                if (filter.test(messages.get(seen))) {
                    return messages.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + WAIT + "; received " + messages + "; stderr:\n" + stderr());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** The completion notification for {@code server}, the {@code nth} one (from 1) for that server. */
    JsonNode completion(String server, int nth) {
        return await(new Predicate<>() {
            private int count;

            @Override
            public boolean test(JsonNode m) {
                return "mcpServer/oauthLogin/completed".equals(m.path("method").asText())
                        && server.equals(m.path("params").path("name").asText()) && ++count == nth;
            }
        }, "completion #" + nth + " for " + server);
    }

    JsonNode completion(String server) {
        return completion(server, 1);
    }

    /** Every completion notification received so far for {@code server}. */
    synchronized List<JsonNode> completions(String server) {
        return messages.stream()
                .filter(m -> "mcpServer/oauthLogin/completed".equals(m.path("method").asText()))
                .filter(m -> server.equals(m.path("params").path("name").asText()))
                .toList();
    }

    synchronized List<String> junk() {
        return List.copyOf(junk);
    }

    /** Closes stdin, as a client that goes away does. */
    void closeStdin() {
        try {
            stdin.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to end and returns its exit code. */
    int waitForExit() throws InterruptedException {
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the app server did not exit; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            return "(cannot read stderr: " + e.getMessage() + ")";
        }
    }

    /** Removes a temporary home directory and everything in it. */
    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            closeStdin();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}

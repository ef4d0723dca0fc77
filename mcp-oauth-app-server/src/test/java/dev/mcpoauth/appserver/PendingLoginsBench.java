package dev.mcpoauth.appserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.testkit.HeadlessBrowser;
import dev.mcpoauth.testkit.TestServers;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark: N concurrent pending logins in one app server process (default 200). Prints the app
 * server's heap growth while they wait (live heap after a full GC, measured with {@code jcmd}), its
 * thread count, and the time for all of them to complete once their callbacks arrive.
 *
 * <pre>
 * bench/app-server-bench.sh [--logins 200] [--browsers 32] [--cimd] [--store file|memory]
 * </pre>
 *
 * <p>{@code --store memory} runs the app server with an in-memory credential store, to separate its own
 * cost from the file store's durable writes (one fsynced rewrite of credentials.json per login, under a lock).
 *
 * <p>Not a unit test: it has no assertions on time, and it prints figures for a person to read.
 */
public final class PendingLoginsBench {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private PendingLoginsBench() {
    }

    public static void main(String[] args) throws Exception {
        int logins = 200;
        int browsers = 32;
        boolean cimd = false;
        boolean memoryStore = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--logins" -> logins = Integer.parseInt(args[++i]);
                case "--browsers" -> browsers = Integer.parseInt(args[++i]);
                case "--cimd" -> cimd = true;
                case "--store" -> {
                    String store = args[++i];
                    if (!store.equals("file") && !store.equals("memory")) {
                        throw new IllegalArgumentException("--store takes file or memory, not " + store);
                    }
                    memoryStore = store.equals("memory");
                }
                default -> {
                    System.err.println("usage: PendingLoginsBench [--logins N] [--browsers N] [--cimd] [--store file|memory]");
                    System.exit(2);
                }
            }
        }
        Path home = Files.createTempDirectory("app-server-bench");
        try (TestServers servers = TestServers.builder().build().start()) {
            StringBuilder toml = new StringBuilder("mcp_oauth_credentials_store = \"file\"\n");
            for (int i = 0; i <= logins; i++) {
                toml.append("[mcp_servers.").append(name(i)).append("]\nurl = \"").append(servers.mcpUrl()).append("\"\n");
            }
            Path config = home.resolve("config.toml");
            Files.writeString(config, toml);
            System.out.printf("app server bench: %d pending logins, %d concurrent browsers, client identity %s, %s store%n",
                    logins, browsers, cimd ? "CIMD (clientMetadataUrlBase)" : "DCR", memoryStore ? "in-memory" : "file");
            try (AppServerProcess server = AppServerProcess.start(home, config, Map.of(), List.of(),
                    memoryStore ? InMemoryStoreAppServerMain.class : AppServerMain.class)) {
                run(server, servers, logins, browsers, cimd);
            }
        } finally {
            AppServerProcess.deleteRecursively(home);
        }
    }

    private static String name(int i) {
        return i == 0 ? "warmup" : String.format("server-%03d", i);
    }

    private static Map<String, Object> params(String name, TestServers servers, boolean cimd) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", name);
        if (cimd) {
            params.put("clientMetadataUrlBase", servers.clientMetadataBase());
        }
        return params;
    }

    private static void run(AppServerProcess server, TestServers servers, int logins, int browsers, boolean cimd)
            throws Exception {
        server.call("initialize", null);
        // Warm up: one full login loads every class on the path.
        URI warm = URI.create(server.call("mcpServer/oauth/login", params(name(0), servers, cimd))
                .at("/result/authorizationUrl").asText());
        HeadlessBrowser.follow(warm);
        expectSuccess(server.completion(name(0)));
        Thread.sleep(LoginSessions.LISTENER_GRACE_MILLIS + 200);

        long heapIdle = liveHeapKib(server.pid());
        int threadsIdle = threads(server.pid());

        long startAll = System.nanoTime();
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= logins; i++) {
            ids.add(server.send("mcpServer/oauth/login", params(name(i), servers, cimd)));
        }
        List<URI> urls = new ArrayList<>();
        for (int id : ids) {
            JsonNode response = server.response(id);
            if (!response.has("result")) {
                throw new IllegalStateException("login failed to start: " + response);
            }
            urls.add(URI.create(response.at("/result/authorizationUrl").asText()));
        }
        long urlsReady = System.nanoTime();

        long heapPending = liveHeapKib(server.pid());
        int threadsPending = threads(server.pid());

        ExecutorService pool = Executors.newFixedThreadPool(browsers);
        long callbacksStart = System.nanoTime();
        List<Future<HeadlessBrowser.Visit>> visits = new ArrayList<>();
        for (URI url : urls) {
            visits.add(pool.submit(() -> HeadlessBrowser.follow(url)));
        }
        for (int i = 1; i <= logins; i++) {
            expectSuccess(server.completion(name(i)));
        }
        long allDone = System.nanoTime();
        for (Future<HeadlessBrowser.Visit> visit : visits) {
            visit.get();
        }
        pool.shutdown();
        Thread.sleep(LoginSessions.LISTENER_GRACE_MILLIS + 500);
        long heapAfter = liveHeapKib(server.pid());
        int threadsAfter = threads(server.pid());
        long loginsRetained = instances(server.pid(), "dev.mcpoauth.login.LoginFlow$Login");
        long listenersRetained = instances(server.pid(), "dev.mcpoauth.authorize.CallbackListener");

        long exitStart = System.nanoTime();
        server.closeStdin();
        int exit = server.waitForExit();
        long exited = System.nanoTime();

        System.out.printf("  start %d logins (request -> authorizationUrl, all): %8.1f ms%n", logins, ms(urlsReady - startAll));
        System.out.printf("  live heap idle after warm-up:                   %8.1f MiB%n", heapIdle / 1024.0);
        System.out.printf("  live heap with %d logins pending:              %8.1f MiB (growth %.1f MiB, %.1f KiB per login)%n",
                logins, heapPending / 1024.0, (heapPending - heapIdle) / 1024.0, (heapPending - heapIdle) / (double) logins);
        System.out.printf("  threads idle / pending:                         %8d / %d%n", threadsIdle, threadsPending);
        System.out.printf("  all %d complete once callbacks arrive:         %8.1f ms (%.0f logins/s)%n", logins,
                ms(allDone - callbacksStart), logins / ((allDone - callbacksStart) / 1e9));
        System.out.printf("  live heap after completion / threads:           %8.1f MiB / %d%n", heapAfter / 1024.0, threadsAfter);
        System.out.printf("  still reachable after completion:               %8d LoginFlow$Login, %d CallbackListener%n",
                loginsRetained, listenersRetained);
        System.out.printf("  end of stdin -> exit %d:                         %8.1f ms%n", exit, ms(exited - exitStart));
    }

    private static void expectSuccess(JsonNode notification) {
        if (!notification.at("/params/success").asBoolean()) {
            throw new IllegalStateException("login failed: " + notification);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Used heap in KiB after a full GC, from {@code jcmd}. */
    private static long liveHeapKib(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher matcher = USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!matcher.find()) {
            throw new IllegalStateException("cannot read the heap size from jcmd");
        }
        return Long.parseLong(matcher.group(1));
    }

    /** Live instances of exactly {@code className}, from a class histogram (which runs a full GC). */
    private static long instances(long pid, String className) throws IOException, InterruptedException {
        return jcmd(pid, "GC.class_histogram").lines()
                .map(String::trim)
                .map(line -> line.split("\\s+"))
                .filter(columns -> columns.length >= 4 && columns[3].equals(className))
                .mapToLong(columns -> Long.parseLong(columns[1]))
                .findFirst().orElse(0);
    }

    private static int threads(long pid) throws IOException, InterruptedException {
        return (int) jcmd(pid, "Thread.print").lines().filter(line -> line.startsWith("\"")).count();
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + output);
        }
        return output;
    }
}

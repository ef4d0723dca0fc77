package dev.mcpoauth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.login.PendingLogin;
import dev.mcpoauth.mcpsdk.LoginInteraction;
import dev.mcpoauth.mcpsdk.McpOAuth;
import dev.mcpoauth.mcpsdk.McpOAuthTransports;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.store.ServerKey;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * mcp-oauth's side of the login benchmarks (bench/run.sh), against test servers started once with
 * {@code TestServersMain --delay-ms 25 --control}, the same servers the TypeScript driver (bench/ts-driver) uses.
 * Prints one JSON object per mode on standard output.
 *
 * <ul>
 *   <li>{@code login}: cold logins, each through a new {@link LoginFlow} (nothing cached): wall time from
 *       {@code start} until the credentials are saved, the time to the authorization URL, and the sequential round
 *       trips before the authorization URL as the servers saw them.</li>
 *   <li>{@code warm}: one login, then more through the same {@link LoginFlow} to the same server, which may reuse
 *       what it cached (discovery, registration).</li>
 *   <li>{@code refresh}: log in through the MCP Java SDK adapter ({@link McpOAuthTransports}), make the access token
 *       expire at the server, then send {@code --requests} concurrent {@code tools/list} requests; counts the refresh
 *       requests the token endpoint received (target 1).</li>
 * </ul>
 *
 * <pre>{@code
 * java -cp bench/jmh/target/benchmarks.jar dev.mcpoauth.bench.LoginBench login warm refresh \
 *     --mcp http://127.0.0.1:PORT/mcp --control http://127.0.0.1:PORT2 --runs 15 --warmup 3
 * }</pre>
 */
public final class LoginBench {
    private static final String USAGE = "usage: LoginBench login|warm|refresh... --mcp URL --control URL"
            + " [--runs N] [--warmup N] [--requests N]";
    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI mcp;
    private final TestkitControl control;
    private final int runs;
    private final int warmup;
    private final int requests;

    private LoginBench(URI mcp, TestkitControl control, int runs, int warmup, int requests) {
        this.mcp = mcp;
        this.control = control;
        this.runs = runs;
        this.warmup = warmup;
        this.requests = requests;
    }

    /** One measured login. */
    private record Sample(double ms, double toUrlMs, int roundTrips, JsonNode waves, JsonNode allWaves,
                          List<Double> gapsMs, List<String> requests) {
    }

    public static void main(String[] args) {
        List<String> modes = new ArrayList<>();
        String mcp = null;
        String control = null;
        int runs = 15;
        int warmup = 3;
        int requests = 1000;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--mcp" -> mcp = value(args, ++i, "--mcp");
                    case "--control" -> control = value(args, ++i, "--control");
                    case "--runs" -> runs = count(args, ++i, "--runs");
                    case "--warmup" -> warmup = count(args, ++i, "--warmup");
                    case "--requests" -> requests = count(args, ++i, "--requests");
                    case "login", "warm", "refresh" -> modes.add(args[i]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (modes.isEmpty() || mcp == null || control == null) {
                throw new IllegalArgumentException("give a mode, --mcp and --control");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("LoginBench: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        LoginBench bench = new LoginBench(URI.create(mcp), new TestkitControl(control), runs, warmup, requests);
        try {
            for (String mode : modes) {
                ObjectNode result = switch (mode) {
                    case "login" -> bench.cold();
                    case "warm" -> bench.warm();
                    default -> bench.refresh();
                };
                System.out.println(JSON.writeValueAsString(result));
                System.out.flush();
            }
        } catch (Exception e) {
            System.err.println("LoginBench: failed: " + e);
            System.exit(1);
        }
        System.exit(0);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int count(String[] args, int i, String flag) {
        String v = value(args, i, flag);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number: " + v);
        }
    }

    private static LoginFlow newFlow() {
        return LoginFlow.builder().credentialStore(new InMemoryCredentialStore()).build();
    }

    /**
     * One headless login, as LoginFlowTest drives it, through the flow {@code flows} gives (a new one for a cold
     * login: building it is timed, as the TypeScript driver times building its provider and callback server).
     */
    private Sample login(Supplier<LoginFlow> flows) {
        int since = control.mark();
        long started = System.nanoTime();
        long urlAt;
        long done;
        LoginFlow flow = flows.get();
        try (PendingLogin login = flow.start(LoginRequest.builder("bench", mcp).timeout(LOGIN_TIMEOUT).build())) {
            urlAt = System.nanoTime();
            int status = SocketBrowser.follow(login.authorizationUrl());
            if (status != 200) {
                throw new IllegalStateException("the headless browser ended on HTTP " + status);
            }
            login.result().orTimeout(LOGIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
            // Tokens saved: the login is done. Closing the listener is not timed (nor is closing the TS callback server).
            done = System.nanoTime();
        }
        JsonNode trips = control.roundTrips(since);
        List<String> seen = new ArrayList<>();
        control.requests(since).forEach(r -> seen.add(r.get("method").asText() + " " + r.get("path").asText()));
        List<Double> gaps = new ArrayList<>();
        trips.get("allGapsMicros").forEach(g -> gaps.add(g.asLong() / 1000.0));
        return new Sample(millis(done - started), millis(urlAt - started), trips.get("roundTrips").asInt(),
                trips.get("waves"), trips.get("allWaves"), gaps, seen);
    }

    private ObjectNode cold() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < warmup + runs; i++) {
            Sample s = login(LoginBench::newFlow);
            if (i >= warmup) {
                samples.add(s);
            }
        }
        return summary("cold", samples);
    }

    private ObjectNode warm() {
        LoginFlow flow = newFlow();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 1 + warmup + runs; i++) {
            Sample s = login(() -> flow);
            if (i > warmup) {
                samples.add(s);
            }
        }
        return summary("warm", samples);
    }

    private ObjectNode summary(String mode, List<Sample> samples) {
        ObjectNode out = JSON.createObjectNode();
        out.put("client", "mcp-oauth");
        out.put("mode", mode);
        out.put("runs", samples.size());
        out.put("warmup", warmup);
        out.put("medianMs", round(median(samples.stream().map(Sample::ms).toList())));
        out.put("minMs", round(samples.stream().mapToDouble(Sample::ms).min().orElse(0)));
        out.put("maxMs", round(samples.stream().mapToDouble(Sample::ms).max().orElse(0)));
        out.put("medianToUrlMs", round(median(samples.stream().map(Sample::toUrlMs).toList())));
        out.put("roundTripsBeforeUrl", (int) median(samples.stream().map(s -> (double) s.roundTrips()).toList()));
        Sample last = samples.get(samples.size() - 1);
        out.set("wavesBeforeUrl", last.waves());
        out.set("allWaves", last.allWaves());
        ArrayNode gaps = out.putArray("medianGapsMs");
        int n = samples.stream().mapToInt(s -> s.gapsMs().size()).max().orElse(0);
        List<Sample> full = samples.stream().filter(s -> s.gapsMs().size() == n).toList();
        for (int i = 0; i < n; i++) {
            int index = i;
            gaps.add(round(median(full.stream().map(s -> s.gapsMs().get(index)).toList())));
        }
        ArrayNode seen = out.putArray("requestsPerLogin");
        last.requests().forEach(seen::add);
        return out;
    }

    /**
     * Refresh contention through the MCP Java SDK adapter: {@code requests} concurrent {@code tools/list} on one
     * client whose access token the server has just expired (the client still believes it valid, so every request
     * is sent, answered 401, and the adapter refreshes).
     */
    private ObjectNode refresh() {
        InMemoryCredentialStore store = new InMemoryCredentialStore();
        McpOAuth oauth = McpOAuth.builder("bench")
                .credentialStore(store)
                .loginInteraction(LoginInteraction.headless())
                .loginOptions(login -> login.timeout(LOGIN_TIMEOUT))
                .build();
        McpAsyncClient client = McpClient.async(McpOAuthTransports.streamableHttp(mcp, oauth).build())
                .requestTimeout(Duration.ofSeconds(120))
                .build();
        try {
            client.initialize().block(Duration.ofSeconds(60)); // the 401 starts a headless login
            client.listTools().block(Duration.ofSeconds(30));
            ServerKey key = new ServerKey("bench", mcp.toString());
            String before = store.load(key).orElseThrow().tokens().accessToken();
            control.expireAccessTokens();
            int since = control.mark();
            AtomicInteger failed = new AtomicInteger();
            Map<String, Integer> reasons = new TreeMap<>();
            long started = System.nanoTime();
            Long succeeded = Flux.range(0, requests)
                    .flatMap(i -> client.listTools().map(r -> 1).onErrorResume(e -> {
                        failed.incrementAndGet();
                        synchronized (reasons) {
                            reasons.merge(String.valueOf(e.getMessage()), 1, Integer::sum);
                        }
                        return Mono.empty();
                    }), requests)
                    .count()
                    .block(Duration.ofSeconds(180));
            double ms = millis(System.nanoTime() - started);
            String tokenPath = store.load(key).orElseThrow().tokenEndpoint().getRawPath();
            int refreshes = control.count("POST", tokenPath, since);
            Map<String, Integer> byPath = new TreeMap<>();
            control.requests(since).forEach(r -> byPath.merge(r.get("method").asText() + " " + r.get("path").asText(),
                    1, Integer::sum));
            ObjectNode out = JSON.createObjectNode();
            out.put("client", "mcp-oauth");
            out.put("mode", "refresh");
            out.put("concurrentRequests", requests);
            out.put("refreshRequests", refreshes);
            out.put("succeeded", succeeded == null ? 0 : succeeded);
            out.put("failed", failed.get());
            out.set("failureReasons", JSON.valueToTree(reasons));
            out.put("tokenChanged", !store.load(key).orElseThrow().tokens().accessToken().equals(before));
            out.set("serverRequests", JSON.valueToTree(byPath));
            out.put("ms", round(ms));
            return out;
        } finally {
            client.closeGracefully().block(Duration.ofSeconds(10));
        }
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.isEmpty() ? 0 : sorted.get((sorted.size() - 1) / 2);
    }
}

package dev.mcpoauth.bench;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.mcpoauth.registration.DynamicallyRegistered;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.token.TokenManager;
import dev.mcpoauth.token.Tokens;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@link TokenManager#accessToken} when the cached token is valid: what every MCP request pays.
 * Target: under 1 µs per call.
 *
 * <pre>{@code
 * java -jar bench/jmh/target/benchmarks.jar CachedAccessTokenBenchmark -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CachedAccessTokenBenchmark {
    private static final ServerKey KEY = new ServerKey("docs", "https://mcp.example.com/mcp");

    private TokenManager manager;

    @Setup
    public void loggedIn() {
        InMemoryCredentialStore store = new InMemoryCredentialStore();
        store.save(new StoredCredentials(KEY, "https://auth.example.com", "https://mcp.example.com/mcp",
                URI.create("https://auth.example.com/token"),
                new DynamicallyRegistered("client", null, ClientAuthenticationMethod.NONE, "https://auth.example.com",
                        List.of("http://127.0.0.1:1/callback/x"), null),
                new Tokens("access-token", "Bearer", "refresh-token", Instant.now().plusSeconds(86_400), Set.of("mcp:read")),
                Instant.now()));
        manager = TokenManager.builder(store).build();
        manager.accessToken(KEY); // the first call reads the store; every later one is served from the cache
    }

    @Benchmark
    public String accessToken() {
        return manager.accessToken(KEY);
    }

    @Benchmark
    @Threads(2)
    public String accessTokenFromTwoThreads() {
        return manager.accessToken(KEY);
    }
}

package dev.mcpoauth.bench;

import dev.mcpoauth.authorize.CallbackId;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@link CallbackId#of(String)}: WHATWG URL serialization of the MCP server URL, SHA-256, base64url of the first
 * 9 bytes (the reference host's deterministic callback id). Computed once per login.
 *
 * <pre>{@code
 * java -jar bench/jmh/target/benchmarks.jar CallbackIdBenchmark -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallbackIdBenchmark {
    private String loopback = "http://127.0.0.1:4321/mcp";
    private String withQuery = "HTTPS://MCP.Example.com:443/tenants/acme/mcp?tenant=a&region=eu";

    @Benchmark
    public CallbackId loopbackUrl() {
        return CallbackId.of(loopback);
    }

    @Benchmark
    public CallbackId urlToNormalize() {
        return CallbackId.of(withQuery);
    }
}

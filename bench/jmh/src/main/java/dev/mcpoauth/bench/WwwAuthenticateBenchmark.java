package dev.mcpoauth.bench;

import dev.mcpoauth.discovery.WwwAuthenticate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@link WwwAuthenticate#parse(String)} on the challenges an MCP client meets (RFC 9110 §11.6.1, RFC 6750 §3,
 * RFC 9728 §5.1): what every 401 and 403 costs before any network call.
 *
 * <pre>{@code
 * java -jar bench/jmh/target/benchmarks.jar WwwAuthenticateBenchmark -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WwwAuthenticateBenchmark {
    /** A 401 as MCP servers send it: resource metadata URL and scope. */
    private String unauthorized = "Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\","
            + " scope=\"files:read files:write\"";
    /** A 401 for an expired token, with an escaped quote in the description. */
    private String expired = "Bearer realm=\"mcp\", error=\"invalid_token\", error_description=\"The access token"
            + " expired at \\\"2026-01-01T00:00:00Z\\\"\", resource_metadata=\"https://mcp.example.com/.well-known/"
            + "oauth-protected-resource/mcp\"";
    /** A 403 step-up beside a DPoP challenge in one header value. */
    private String stepUp = "DPoP algs=\"ES256 RS256\", Bearer error=\"insufficient_scope\", scope=\"files:read"
            + " files:write admin\", resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource\"";

    @Benchmark
    public WwwAuthenticate resourceMetadataChallenge() {
        return WwwAuthenticate.parse(unauthorized);
    }

    @Benchmark
    public WwwAuthenticate expiredTokenChallenge() {
        return WwwAuthenticate.parse(expired);
    }

    @Benchmark
    public WwwAuthenticate twoSchemesStepUp() {
        return WwwAuthenticate.parse(stepUp);
    }
}

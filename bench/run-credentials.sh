#!/usr/bin/env bash
# Credential and token benchmarks; prints figures, asserts nothing.
#   1. TokenManager.accessToken() on a valid cached token (JMH; target < 1 µs/op)
#   2. refresh requests sent for 1,000 concurrent callers on an expired token (target 1),
#      against the testkit, with the in-memory and the file credential store
# Usage: bench/run-credentials.sh [--offline]   (extra Maven flags, e.g. -o, go to every mvn call)
set -euo pipefail
cd "$(dirname "$0")/.."

MVN_FLAGS=()
if [[ "${1:-}" == "--offline" ]]; then
  MVN_FLAGS+=(-o)
fi

echo "== building core, testkit, the MCP SDK adapter and bench/jmh"
mvn -B -q "${MVN_FLAGS[@]}" install -N
mvn -B -q "${MVN_FLAGS[@]}" install -DskipTests -pl mcp-oauth-testkit,mcp-oauth-core,mcp-oauth-mcp-sdk -am
mvn -B -q "${MVN_FLAGS[@]}" -f bench/jmh/pom.xml package
JAR=bench/jmh/target/benchmarks.jar

echo
echo "== TokenManager.accessToken() on a valid cached token (target < 1 µs/op = 1000 ns/op)"
java -jar "$JAR" CachedAccessTokenBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -tu ns -bm avgt 2>&1 \
  | sed -n '/^Benchmark/,$p'

echo
echo "== refresh requests for 1,000 concurrent callers on an expired token (target 1)"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$JAR" dev.mcpoauth.bench.ConcurrentRefreshCount 1000

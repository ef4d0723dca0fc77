#!/usr/bin/env bash
# mcp-oauth vs the TypeScript MCP SDK (@modelcontextprotocol/sdk), same test servers, same run.
# Prints one table; docs/performance.md explains every row. Asserts nothing: figures only.
#   (a) full headless login, cold (a new LoginFlow / a new OAuthClientProvider per login), 25 ms per response
#   (b) cold vs warm login (warm = the same LoginFlow / provider again) and round trips before the URL
#   (c) refresh requests for 1,000 concurrent MCP requests on an access token the server has expired
#   (d) start-up: `bin/mcp-oauth --version` vs `node driver.mjs noop` (imports the SDK)
#   (e) JMH: cached access token, WWW-Authenticate parsing, callback id
#
# Usage: bench/run.sh
# Options (environment):
#   RUNS=15          measured logins per client and mode (after WARMUP unmeasured ones)
#   WARMUP=3         unmeasured logins first (JIT, connection set-up)
#   STARTUP_RUNS=11  cold starts per client for row (d)
#   REQUESTS=1000    concurrent MCP requests for row (c)
#   DELAY_MS=25      latency the test servers add to every HTTP response
#   SKIP_BUILD=1     use the jars and node_modules as they are
#   SKIP_JMH=1       leave out row (e);  SKIP_STARTUP=1 leaves out row (d)
#   MVN_FLAGS=-o     extra Maven flags (e.g. offline)
#   OUT=dir          where the raw JSON figures go [bench/target/last-run]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

RUNS="${RUNS:-15}"
WARMUP="${WARMUP:-3}"
STARTUP_RUNS="${STARTUP_RUNS:-11}"
REQUESTS="${REQUESTS:-1000}"
DELAY_MS="${DELAY_MS:-25}"
OUT="${OUT:-$root/bench/target/last-run}"
read -r -a mvn_flags <<<"${MVN_FLAGS:-}"
jar="$root/bench/jmh/target/benchmarks.jar"
driver="$root/bench/ts-driver/driver.mjs"
java_quiet=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn)

say() { printf '== %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null || { echo "bench/run.sh: '$1' not found on PATH; $2" >&2; exit 2; }; }
need java "install a JDK 17 or newer"
need mvn "install Maven 3.8 or newer"
need node "install Node.js 20 or newer"
need npm "install npm (it comes with Node.js)"

# ---- build ---------------------------------------------------------------------------------------
if [ "${SKIP_BUILD:-}" != 1 ]; then
  say "building testkit, core and the MCP SDK adapter (mvn install -DskipTests), then the benchmarks jar"
  mvn -B -q "${mvn_flags[@]}" install -N
  mvn -B -q "${mvn_flags[@]}" install -DskipTests -pl mcp-oauth-testkit,mcp-oauth-core,mcp-oauth-mcp-sdk -am
  mvn -B -q "${mvn_flags[@]}" -f bench/jmh/pom.xml package
  say "installing the TypeScript driver's packages (npm ci)"
  (cd bench/ts-driver && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
[ -f "$jar" ] || { echo "bench/run.sh: $jar is missing; run without SKIP_BUILD=1" >&2; exit 2; }
[ -d bench/ts-driver/node_modules/@modelcontextprotocol/sdk ] \
  || { echo "bench/run.sh: bench/ts-driver/node_modules is missing; run without SKIP_BUILD=1" >&2; exit 2; }

mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.log "$OUT"/*.err
work="$(mktemp -d)"
servers_pid=""
cleanup() {
  exec 3>&- 2>/dev/null || true
  if [ -n "$servers_pid" ]; then kill "$servers_pid" 2>/dev/null || true; wait "$servers_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# ---- the test servers, once for every row ------------------------------------------------------
# They run until their standard input (a FIFO held open on fd 3) closes.
mkfifo "$work/servers.in"
java "${java_quiet[@]}" -cp "$jar" dev.mcpoauth.testkit.TestServersMain --delay-ms "$DELAY_MS" --control \
  <"$work/servers.in" >"$work/servers.out" 2>&1 &
servers_pid=$!
exec 3>"$work/servers.in"
for _ in $(seq 150); do grep -q '^Control URL:' "$work/servers.out" 2>/dev/null && break; sleep 0.1; done
mcp="$(awk '/^MCP URL:/ {print $3}' "$work/servers.out")"
control="$(awk '/^Control URL:/ {print $3}' "$work/servers.out")"
[ -n "$mcp" ] && [ -n "$control" ] || { echo "bench/run.sh: the test servers did not start" >&2; cat "$work/servers.out" >&2; exit 1; }
say "test servers: MCP $mcp, control $control, ${DELAY_MS} ms per response"

java_bench() { java "${java_quiet[@]}" -cp "$jar" dev.mcpoauth.bench.LoginBench "$@" --mcp "$mcp" --control "$control"; }
ts_bench() { node "$driver" "$1" --mcp "$mcp" --control "$control" "${@:2}"; }
# step LOG COMMAND...: runs COMMAND with standard error in $OUT/LOG; on failure shows its end and stops.
step() {
  local log="$OUT/$1"
  shift
  if ! "$@" 2>"$log"; then
    echo "bench/run.sh: failed: $*" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
}

# ---- (a) and (b): logins -----------------------------------------------------------------------
say "(a)(b) mcp-oauth: $WARMUP + $RUNS cold logins, then 1 + $WARMUP + $RUNS warm logins"
step java-logins.log java_bench login warm --runs "$RUNS" --warmup "$WARMUP" >"$work/java-logins.jsonl"
sed -n 1p "$work/java-logins.jsonl" >"$OUT/java-cold.json"
sed -n 2p "$work/java-logins.jsonl" >"$OUT/java-warm.json"
say "(a)(b) TypeScript SDK: the same"
step ts-cold.log ts_bench login --runs "$RUNS" --warmup "$WARMUP" >"$OUT/ts-cold.json"
step ts-warm.log ts_bench warm --runs "$RUNS" --warmup "$WARMUP" >"$OUT/ts-warm.json"
say "(a) TypeScript SDK again, its provider without discoveryState() (the SDK then discovers again before the token exchange)"
step ts-cold-nds.log ts_bench login --runs "$RUNS" --warmup "$WARMUP" --no-discovery-state >"$OUT/ts-cold-nds.json"
step ts-warm-nds.log ts_bench warm --runs "$RUNS" --warmup "$WARMUP" --no-discovery-state >"$OUT/ts-warm-nds.json"

# The servers' own time per request (delay + handling), median over every login request above: times
# the number of sequential requests, the least time any client can take.
node -e '
  fetch(process.argv[1] + "/requests?since=0").then(r => r.json()).then(rs => {
    const t = rs.filter(r => r.answeredMicros != null).map(r => (r.answeredMicros - r.receivedMicros) / 1000).sort((a, b) => a - b);
    console.log(JSON.stringify({ requests: t.length, medianMs: t[Math.floor((t.length - 1) / 2)] }));
  })' "$control" >"$OUT/server-time.json"

# ---- (c): refresh contention -------------------------------------------------------------------
say "(c) $REQUESTS concurrent MCP requests on an expired access token, each client"
step java-refresh.log java_bench refresh --requests "$REQUESTS" >"$OUT/java-refresh.json"
step ts-refresh.log ts_bench refresh --requests "$REQUESTS" >"$OUT/ts-refresh.json"

# ---- (d): start-up -----------------------------------------------------------------------------
startup() { # label, command...: median wall ms of STARTUP_RUNS runs, after one unmeasured run
  local label="$1" i times="$work/times-$1"
  shift
  "$@" >/dev/null 2>&1
  : >"$times"
  TIMEFORMAT='%3R'
  for ((i = 0; i < STARTUP_RUNS; i++)); do
    { time "$@" >/dev/null 2>&1; } 2>>"$times"
  done
  awk '{ printf "%d\n", $1 * 1000 }' "$times" | sort -n | awk -v label="$label" '{ ms[NR] = $1 } END {
    printf "{\"label\":\"%s\",\"runs\":%d,\"medianMs\":%d,\"minMs\":%d,\"maxMs\":%d}\n",
      label, NR, ms[int((NR + 1) / 2)], ms[1], ms[NR] }'
}
if [ "${SKIP_STARTUP:-}" != 1 ]; then
  say "(d) start-up: $STARTUP_RUNS runs each of bin/mcp-oauth --version and node driver.mjs noop"
  bin/mcp-oauth --version >/dev/null   # builds the CLI jar and the class-data archive if needed (not timed)
  export MCP_OAUTH_SKIP_BUILD=1        # from here on, time the command, not a rebuild
  startup cli bin/mcp-oauth --version >"$OUT/java-startup.json"
  startup node node "$driver" noop >"$OUT/ts-startup.json"
fi

# ---- (e): JMH ----------------------------------------------------------------------------------
if [ "${SKIP_JMH:-}" != 1 ]; then
  say "(e) JMH: token hot path, WWW-Authenticate parsing, callback id (short iterations)"
  step jmh.err java -jar "$jar" 'CachedAccessTokenBenchmark|WwwAuthenticateBenchmark|CallbackIdBenchmark' \
    -f 1 -wi 3 -w 1s -i 5 -r 1s -tu ns -bm avgt -rf json -rff "$OUT/jmh.json" >"$OUT/jmh.log"
fi

# ---- the table ---------------------------------------------------------------------------------
{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM"
  echo "java: $(java -version 2>&1 | head -1); node: $(node --version); sdk: @modelcontextprotocol/sdk $(node -p "require('$root/bench/ts-driver/node_modules/@modelcontextprotocol/sdk/package.json').version")"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' + uncommitted changes'); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "settings: RUNS=$RUNS WARMUP=$WARMUP DELAY_MS=$DELAY_MS REQUESTS=$REQUESTS STARTUP_RUNS=$STARTUP_RUNS"
} >"$OUT/machine.txt"
node "$root/bench/report.mjs" "$OUT"
say "raw figures: $OUT"

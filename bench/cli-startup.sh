#!/usr/bin/env bash
# Cold start of `mcp-oauth list`: the median wall time of RUNS (default 21) runs of `bin/mcp-oauth list`,
# each a new JVM, as a user types it (launcher, stale check, class-data sharing archive included).
#
# The config is a typical one, against the embedded test servers on loopback:
#   docs    logged in (stored tokens: no network)      fresh   not logged in (a discovery probe per run)
#   static  bearer_token_env_var (no network)          files   a stdio server (no network)
# A second figure runs `list` on the same config without `fresh`, i.e. with no network at all.
#
# Usage: bench/cli-startup.sh            (RUNS=41 bench/cli-startup.sh for more runs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-21}"
cli="$root/bin/mcp-oauth"
jar="$root/mcp-oauth-cli/target/mcp-oauth.jar"

work="$(mktemp -d)"
servers_pid=""
cleanup() {
  if [ -n "$servers_pid" ]; then kill "$servers_pid" 2>/dev/null || true; wait "$servers_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$cli" --version >/dev/null   # builds the jar and records the start-up archive if needed (not timed)
export MCP_OAUTH_SKIP_BUILD=1  # from here on, time the command, not rebuilds triggered by edits elsewhere

# The test servers run until their standard input (a FIFO we hold open) closes.
mkfifo "$work/servers.in"
java -cp "$jar" dev.mcpoauth.testkit.TestServersMain <"$work/servers.in" >"$work/servers.out" 2>&1 &
servers_pid=$!
exec 3>"$work/servers.in"
for _ in $(seq 100); do grep -q '^MCP URL:' "$work/servers.out" 2>/dev/null && break; sleep 0.1; done
mcp="$(awk '/^MCP URL:/ {print $3}' "$work/servers.out")"
[ -n "$mcp" ] || { echo "cli-startup: the test servers did not start" >&2; cat "$work/servers.out" >&2; exit 1; }

export MCP_OAUTH_HOME="$work/home"
mkdir -p "$MCP_OAUTH_HOME"
write_config() {
  {
    printf 'mcp_oauth_credentials_store = "file"\n\n[mcp_servers.docs]\nurl = "%s"\n\n' "$mcp"
    [ "$1" = with-probe ] && printf '[mcp_servers.fresh]\nurl = "%s"\n\n' "$mcp"
    printf '[mcp_servers.static]\nurl = "%s"\nbearer_token_env_var = "STATIC_TOKEN"\n\n' "$mcp"
    printf '[mcp_servers.files]\ncommand = "npx"\n'
  } >"$MCP_OAUTH_HOME/config.toml"
}
write_config with-probe

# Log in to `docs` once: the launcher prints the URL, and the test server approves any GET of it.
"$cli" login docs --no-browser --timeout 60 >"$work/login.out" 2>&1 &
login_pid=$!
for _ in $(seq 200); do grep -q '^http' "$work/login.out" 2>/dev/null && break; sleep 0.1; done
url="$(grep -m1 '^http' "$work/login.out")"
java "$root/bench/FollowRedirects.java" "$url"
wait "$login_pid" || { echo "cli-startup: the login failed" >&2; cat "$work/login.out" >&2; exit 1; }

measure() {
  local i times="$work/times"
  : >"$times"
  "$cli" list >/dev/null   # warm the OS file cache; not counted
  TIMEFORMAT='%3R %3U %3S'
  for ((i = 0; i < runs; i++)); do
    { time "$cli" list >/dev/null; } 2>>"$times"
  done
  # Wall time is what a user waits; CPU time (user + sys, all threads) barely depends on what else
  # the machine is doing, so it tells a slow run on a busy machine from a slow command.
  local walls cpus m
  walls=($(awk '{ printf "%d\n", $1 * 1000 }' "$times" | sort -n))
  cpus=($(awk '{ printf "%d\n", ($2 + $3) * 1000 }' "$times" | sort -n))
  m=$(((runs - 1) / 2))
  printf 'cli-startup: %s: median %d ms wall over %d runs (min %d, max %d); median CPU %d ms\n' \
    "$1" "${walls[$m]}" "$runs" "${walls[0]}" "${walls[$((runs - 1))]}" "${cpus[$m]}"
}

"$cli" list
echo
measure 'mcp-oauth list, 4 servers incl. one discovery probe'
write_config without-probe
measure 'mcp-oauth list, 3 servers, no network'
echo "cli-startup: target 300 ms (median, 2-core machine); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"

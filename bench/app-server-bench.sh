#!/usr/bin/env bash
# Benchmark: 200 concurrent pending logins in one app server process (mcp-oauth-app-server).
# Prints the heap growth while they wait and the time for all of them to complete once their
# callbacks arrive. Options: --logins N (200), --browsers N (32), --cimd (clientMetadataUrlBase),
# --store file|memory (file: credentials.json as configured; memory: the app server alone).
# Needs a JDK (java and jcmd). Takes about half a minute on two cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q install -DskipTests -pl mcp-oauth-testkit,mcp-oauth-core,mcp-oauth-keyring
mvn -q -pl mcp-oauth-app-server test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
module=mcp-oauth-app-server
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench-classpath.txt")"
exec java -cp "$cp" dev.mcpoauth.appserver.PendingLoginsBench "$@"

#!/usr/bin/env bash
# QuantConnect lane hand-off benchmark (QuantConnectHandoffBenchmark) against a fresh server whose
# REST client calls its own sandbox over HTTP, with QuantConnect's signature, so the sandbox's
# latency injection applies to every request as a slow QuantConnect's would.
# usage: mvn -q package -DskipTests && bash src/bench/qc-lane.sh [war] [port] -- <benchmark args after password>
#   e.g. bash src/bench/qc-lane.sh target/tasklane.war 18383 -- 20 10000 20000 1000 0 10
set -euo pipefail
cd "$(dirname "$0")/../.."
war=${1:-target/tasklane.war}
port=${2:-18383}
shift 2 || true
[ "${1:-}" = "--" ] && shift
args="$*"
dir=$(mktemp -d)
war=$(realpath "$war")
(cd "$dir" && TASKLANE_ADMIN_PASSWORD=bench-secret \
   TASKLANE_QUANTCONNECT_API_URL="http://127.0.0.1:$port/api/quantconnect-sandbox/v2/" \
   TASKLANE_QUANTCONNECT_MODE=quantconnect TASKLANE_QUANTCONNECT_USER_ID=1 TASKLANE_QUANTCONNECT_API_TOKEN=bench-token \
   TASKLANE_QUANTCONNECT_SANDBOX_HTTP_ENABLED=true \
   exec java -jar "$OLDPWD/target/payara-micro.jar" --deploy "$war" \
      --contextroot / --port "$port" --nocluster \
      --prebootcommandfile "$OLDPWD/server-config/pre-boot-commands.asadmin" \
      --systemproperties "$OLDPWD/server-config/system.properties" > "$dir/server.log" 2>&1) &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/tasks")" = "401" ]; do
  sleep 0.5
  kill -0 "$pid" 2>/dev/null || { echo "server died; see $dir/server.log"; trap - EXIT; exit 1; }
done
mvn -q -o exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.tasklane.bench.QuantConnectHandoffBenchmark \
  -Dexec.args="http://127.0.0.1:$port/ bench-secret $args"

#!/usr/bin/env bash
# The event stream under issue 18's attacks (StreamAbuseBenchmark): a HEAD storm, then streams
# opened and abandoned. Starts the packaged WAR (production JVM settings, fresh data directory) with
# the per-user stream cap raised so one user can open them all, as an attacker with many accounts
# could; the default cap of 10 would refuse all but ten.
# usage: mvn -q package -DskipTests && bash src/bench/stream-abuse.sh [heads] [abandoned] [port]
set -euo pipefail
heads=${1:-20000}
abandoned=${2:-2000}
port=${3:-18585}
base="http://127.0.0.1:$port/"
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
(cd "$dir" && TASKLANE_ADMIN_PASSWORD=abuse-admin-secret \
   TASKLANE_EVENTS_MAX_STREAMS_PER_USER=$((abandoned + 10)) \
   exec java -jar "$OLDPWD/target/payara-micro.jar" \
    --deploy "$OLDPWD/target/tasklane.war" --contextroot / --port "$port" --nocluster \
    --prebootcommandfile "$OLDPWD/server-config/pre-boot-commands.asadmin" \
    --systemproperties "$OLDPWD/server-config/system.properties" > "$dir/server.log" 2>&1) &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' "${base}api/tasks")" = "401" ]; do
  sleep 0.5
  kill -0 "$pid" 2>/dev/null || { echo "server died; see $dir/server.log"; trap - EXIT; exit 1; }
done
server=$pid # the subshell exec'd the JVM
mvn -q -o exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.tasklane.bench.StreamAbuseBenchmark \
  -Dexec.args="$base abuse-admin-secret $server $heads $abandoned"

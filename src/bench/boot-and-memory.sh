#!/usr/bin/env bash
# Boot time to ready and resident memory after boot, of the packaged WAR on Payara Micro.
# "Ready" means an application endpoint answers (GET /api/tasks -> 401), not Payara's own log line,
# which also appears when the application failed to deploy.
# usage: mvn -q package -DskipTests && bash src/bench/boot-and-memory.sh [runs] [port]
set -euo pipefail
runs=${1:-3}
port=${2:-18181}
cd "$(dirname "$0")/../.."
for run in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  start=$(date +%s%N)
  (cd "$dir" && exec java -jar "$OLDPWD/target/payara-micro.jar" --deploy "$OLDPWD/target/tasklane.war" \
      --contextroot / --port "$port" --nocluster \
      --prebootcommandfile "$OLDPWD/server-config/pre-boot-commands.asadmin" \
      --systemproperties "$OLDPWD/server-config/system.properties" > "$dir/server.log" 2>&1) &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/tasks")" = "401" ]; do
    sleep 0.1
    kill -0 "$pid" 2>/dev/null || { echo "server died; see $dir/server.log"; exit 1; }
  done
  ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 10 # let start-up work settle before reading memory
  rss_kb=$(ps -o rss= -p "$pid" | tr -d ' ')
  heap=$(jcmd "$pid" GC.heap_info 2>/dev/null | grep -Eo 'total [0-9]+K, used [0-9]+K' | head -n 1 || true)
  echo "run $run: ready in ${ready_ms} ms, RSS $((rss_kb / 1024)) MB after 10 s idle (heap: ${heap:-n/a})"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
done

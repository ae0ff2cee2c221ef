#!/usr/bin/env bash
# Boot time to ready and resident memory, of the packaged WAR started as the run command starts it
# (server-config/run.sh: fixed root directory, class-data archive, the run command's JVM options).
# "Ready" means an application endpoint answers (GET /api/tasks -> 401), not Payara's own log line,
# which also appears when the application failed to deploy. RSS is read 10 s after ready, then
# again 10 s after 1,000 small backtests (four batches of 250) have completed.
#
# Each round boots twice on one data directory (the first boot migrates and seeds it, the second is
# an ordinary restart) in each of two modes, interleaved so both meet the same machine load:
#   plain: the JVM's defaults, Payara Micro unpacked to a temporary directory (the old run command)
#   run:   server-config/run.sh (its archive made by a first start that is not counted)
# usage: mvn -q package -DskipTests && bash src/bench/boot-and-memory.sh [rounds] [port]
set -euo pipefail
rounds=${1:-3}
port=${2:-18181}
cd "$(dirname "$0")/../.."
base=http://127.0.0.1:$port
password=boot-bench-secret
export TASKLANE_ADMIN_PASSWORD=$password TASKLANE_QUANTCONNECT_MODE=sandbox
root=$(mktemp -d)
export TASKLANE_PAYARA_ROOT=$root/payara-root

start_server() { # mode data-dir log
  if [ "$1" = plain ]; then
    (cd "$2" && exec java -jar "$OLDPWD/target/payara-micro.jar" --deploy "$OLDPWD/target/tasklane.war" \
        --contextroot / --port "$port" --nocluster \
        --prebootcommandfile "$OLDPWD/server-config/pre-boot-commands.asadmin" \
        --systemproperties "$OLDPWD/server-config/system.properties" >"$3" 2>&1) &
  else
    (cd "$2" && exec bash "$OLDPWD/server-config/run.sh" "$OLDPWD/target/payara-micro.jar" \
        "$OLDPWD/target/tasklane.war" "$port" >"$3" 2>&1) &
  fi
  echo $!
}

await_ready() { # pid
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/tasks")" = "401" ]; do
    sleep 0.1
    kill -0 "$1" 2>/dev/null || { echo "server died" >&2; exit 1; }
  done
}

rss_mb() { echo $(( $(ps -o rss= -p "$1" | tr -d ' ') / 1024 )); }

run_tasks() { # submits 1,000 one-year daily backtests and waits for all of them
  local token body
  token=$(curl -s -X POST "$base/api/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$password\"}" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  body='{"tasks":['$(for i in $(seq 1 250); do
    printf '%s{"task_type":"backtest","parameters":{"symbol":"BTC_USDT","start_date":"2024-01-01","end_date":"2024-12-31"}}' \
      "$([ "$i" -gt 1 ] && echo ,)"; done)']}'
  for _ in 1 2 3 4; do
    curl -s -o /dev/null -X POST "$base/api/tasks/batch" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d "$body"
  done
  local queue
  while :; do
    queue=$(curl -s "$base/api/system/queue" -H "Authorization: Bearer $token")
    [[ $queue == *'"queued_count":0,'* && $queue == *'"running_count":0,'* ]] && break
    sleep 1
  done
}

boot() { # mode data-dir label [tasks]
  local log=$2/server-$3.log started pid ready
  started=$(date +%s%N)
  pid=$(start_server "$1" "$2" "$log")
  await_ready "$pid"
  ready=$(( ($(date +%s%N) - started) / 1000000 ))
  sleep 10
  local line="$3: ready in ${ready} ms, RSS $(rss_mb "$pid") MB after 10 s idle"
  if [ "${4:-}" = tasks ]; then
    run_tasks
    sleep 10
    line="$line, $(rss_mb "$pid") MB 10 s after 1,000 tasks"
  fi
  echo "$line (load $(cut -d' ' -f1 /proc/loadavg))"
  kill -TERM "$pid"
  # Not this shell's child: wait until it is gone (a first start writes its archive as it stops).
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
}

# The archive the run mode maps: made by one start and stop, as a user's first run makes it.
warm=$(mktemp -d -p "$root")
boot run "$warm" "run, first start ever (makes the archive at its stop)" >/dev/null
for round in $(seq 1 "$rounds"); do
  for mode in plain run; do
    data=$(mktemp -d -p "$root")
    boot "$mode" "$data" "round $round $mode, fresh data"
    boot "$mode" "$data" "round $round $mode, restart" tasks
  done
done
rm -rf "$root"

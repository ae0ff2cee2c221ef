#!/usr/bin/env bash
# What one request costs (issue 25): ROUNDS rounds of N requests of KIND from CLIENTS keep-alive curl
# clients (4 unless given) against a running server; prints the rate, the server's CPU and
# PostgreSQL's (every postgres process on this machine, so run it on an otherwise quiet database)
# per request, from /proc, and PostgreSQL's committed transactions per request (DATABASE's
# xact_commit, every transaction of the server included).
#   KIND post:   POST /api/tasks of a one-year backtest (start the server with
#                TASKLANE_SCHEDULER_LOCAL_CONCURRENCY=0 so that only acceptance is measured)
#   KIND stats:  GET /api/system/task-events/stats, authenticated and touching no database: the
#                container's floor for a request (HTTP, MicroProfile JWT, JAX-RS, JSON)
#   KIND static: GET /index.html, no authentication
# usage: src/bench/request-costs.sh BASE_URL ADMIN_PASSWORD SERVER_PID DATABASE N ROUNDS KIND [CLIENTS]
set -euo pipefail
base=${1%/}; admin_password=$2; pid=$3; database=$4; n=$5; rounds=$6; kind=$7; clients=${8:-4}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
token=$(curl -s -H 'content-type: application/json' -XPOST "$base/api/auth/token" \
  -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" | jq -r .access_token)
echo '{"task_type":"backtest","parameters":{"symbol":"BTC_USDT","start_date":"2024-01-01","end_date":"2024-12-31"}}' > "$tmp/body.json"
case $kind in
  post) entry="url = \"$base/api/tasks\"\nrequest = \"POST\"\nheader = \"authorization: Bearer $token\"\nheader = \"content-type: application/json\"\ndata = \"@$tmp/body.json\"\n"; want=202 ;;
  stats) entry="url = \"$base/api/system/task-events/stats\"\nheader = \"authorization: Bearer $token\"\n"; want=200 ;;
  static) entry="url = \"$base/index.html\"\n"; want=200 ;;
  *) echo "KIND is post, stats or static" >&2; exit 2 ;;
esac
for c in $(seq "$clients"); do
  for _ in $(seq $((n / clients))); do
    printf "next\n${entry}output = /dev/null\nwrite-out = \"%%{http_code}\\\\n\"\n"
  done > "$tmp/client$c"
done
cpu() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_cpu() { local sum=0 p; for p in $(pgrep -x postgres); do sum=$((sum + $(cpu "$p"))); done; echo "$sum"; }
commits() { psql -qtA -h 127.0.0.1 -U postgres -d "$database" -c "select xact_commit from pg_stat_database where datname = current_database()"; }
for _ in $(seq "$rounds"); do
  rm -f "$tmp"/codes*
  x0=$(commits); before=$(cpu "$pid"); pg_before=$(pg_cpu); start=$(date +%s.%N)
  for c in $(seq "$clients"); do curl -s -K "$tmp/client$c" > "$tmp/codes$c" & done
  wait
  end=$(date +%s.%N); after=$(cpu "$pid"); pg_after=$(pg_cpu); x1=$(commits)
  ok=$(cat "$tmp"/codes* | grep -c "^$want\$" || true)
  awk -v n="$n" -v s="$start" -v e="$end" -v c="$((after - before))" -v p="$((pg_after - pg_before))" \
    -v x="$((x1 - x0))" -v t="$(getconf CLK_TCK)" -v ok="$ok" -v k="$kind" -v w="$want" \
    'BEGIN { printf "%s: %.0f a second (%d of %d answered %s), server %.3f ms, PostgreSQL %.3f ms, %.2f commits a request\n", k, n / (e - s), ok, n, w, c * 1000 / t / n, p * 1000 / t / n, x / n }'
done

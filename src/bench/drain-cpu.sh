#!/usr/bin/env bash
# Server CPU per task over the drain of a queue of tiny backtests (issue 25): creates a user,
# submits N one-year daily backtests through POST /api/tasks/batch (250 a request) or, with
# MODE=single, through N single POST /api/tasks from 4 keep-alive curl clients, waits until all
# completed, and prints the rates and the server's CPU time (user + system, /proc/PID/stat) per
# task. The server runs on this machine; find its PID with pgrep. With PGDB=<database> (the
# server's PostgreSQL database, on 127.0.0.1 as postgres), also PostgreSQL's CPU per task (every
# postgres process here, so keep the database otherwise quiet) and its commits per task.
# usage: src/bench/drain-cpu.sh BASE_URL ADMIN_PASSWORD SERVER_PID N [USERNAME]
set -euo pipefail
# shellcheck source=src/bench/single-posts.sh
source "$(dirname "$0")/single-posts.sh"
base=${1%/}; admin_password=$2; pid=$3; n=$4; user=${5:-drain-$(date +%s%N)}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
json() { curl -s -H 'content-type: application/json' "$@"; }
admin=$(json -XPOST "$base/api/auth/token" -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" | jq -r .access_token)
json -o /dev/null -XPOST "$base/api/admin/users" -H "authorization: Bearer $admin" \
  -d "{\"username\":\"$user\",\"password\":\"secret-pass\",\"roles\":[\"user\"]}"
token=$(json -XPOST "$base/api/auth/token" -d "{\"username\":\"$user\",\"password\":\"secret-pass\"}" | jq -r .access_token)
tiny='{"task_type":"backtest","parameters":{"symbol":"BTC_USDT","start_date":"2024-01-01","end_date":"2024-12-31"}}'
echo "$tiny" > "$tmp/tiny.json"
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
# The JIT compilers' share: a short run on a fresh server spends much of its CPU compiling, which
# says little about the cost of a task once warm.
jit() {
  local sum=0 t
  for t in /proc/"$pid"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      C1\ Compiler* | C2\ Compiler*) sum=$((sum + $(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0))) ;;
    esac
  done
  echo "$sum"
}
pg_cpu() { local sum=0 p; for p in $(pgrep -x postgres); do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$sum"; }
commits() { psql -h 127.0.0.1 -U postgres -d "$PGDB" -Atc "select xact_commit from pg_stat_database where datname = current_database()"; }
ticks=$(getconf CLK_TCK)
if [ -n "${PGDB:-}" ]; then pg_before=$(pg_cpu); commits_before=$(commits); fi
before=$(cpu); jit_before=$(jit); start=$(date +%s.%N)
if [ "${MODE:-batch}" = single ]; then
  single_posts "$base" "$token" "$tmp/tiny.json" "$n" "$tmp"
  cat "$tmp"/codes* | sort | uniq -c
else
  { printf '{"tasks":['; for i in $(seq 250); do [ "$i" -gt 1 ] && printf ','; printf '%s' "$tiny"; done; printf ']}'; } > "$tmp/batch.json"
  for _ in $(seq $((n / 250))); do
    json -o /dev/null -w '%{http_code} ' -XPOST "$base/api/tasks/batch" -H "authorization: Bearer $token" --data "@$tmp/batch.json"
  done
  echo
fi
accepted=$(date +%s.%N)
until [ "$(curl -s "$base/api/tasks?status=completed&size=1" -H "authorization: Bearer $token" | jq .total)" -ge "$n" ]; do
  sleep 0.2
done
done_at=$(date +%s.%N); after=$(cpu); jit_after=$(jit)
if [ -n "${PGDB:-}" ]; then pg_after=$(pg_cpu); commits_after=$(commits); fi
awk -v n="$n" -v s="$start" -v a="$accepted" -v e="$done_at" -v c="$((after - before))" -v t="$ticks" \
  -v j="$((jit_after - jit_before))" \
  'BEGIN { printf "%d tasks: accepted %.0f/s, completed %.0f/s, server CPU %.2f ms a task (%.2f without the JIT compilers)\n", n, n/(a-s), n/(e-s), c*1000/t/n, (c-j)*1000/t/n }'
if [ -n "${PGDB:-}" ]; then
  # The polls above commit too: one read-only transaction each, a few a second.
  awk -v n="$n" -v c="$((pg_after - pg_before))" -v t="$ticks" -v x="$((commits_after - commits_before))" \
    'BEGIN { printf "  PostgreSQL: CPU %.2f ms a task, %.2f commits a task\n", c*1000/t/n, x/n }'
fi

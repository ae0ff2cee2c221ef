#!/usr/bin/env bash
# The cost of accepting tasks in batches (issue 25): against a server started with
# TASKLANE_SCHEDULER_LOCAL_CONCURRENCY=0 (nothing is admitted, so only acceptance is measured),
# sends ROUNDS rounds of N tasks through POST /api/tasks/batch (250 a request) from 2 keep-alive
# curl clients; prints the rate, the server's CPU time and PostgreSQL's (every postgres process on
# this machine, so run it on an otherwise quiet database) per task, from /proc/PID/stat.
# With REFUSED=1 each batch's last task has its dates the wrong way round: the server reads and
# checks all 250 and answers 400, storing nothing. Those rounds give the floor under a batch's
# cost (HTTP, the token, JSON binding, the checks) without the database's part.
# usage: src/bench/accept-batches.sh BASE_URL ADMIN_PASSWORD SERVER_PID N [ROUNDS]
set -euo pipefail
base=${1%/}; admin_password=$2; pid=$3; n=$4; rounds=${5:-2}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
json() { curl -s -H 'content-type: application/json' "$@"; }
token=$(json -XPOST "$base/api/auth/token" -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" | jq -r .access_token)
tiny='{"task_type":"backtest","parameters":{"symbol":"BTC_USDT","start_date":"2024-01-01","end_date":"2024-12-31"}}'
last=$tiny
[ "${REFUSED:-0}" = 1 ] && last='{"task_type":"backtest","parameters":{"symbol":"BTC_USDT","start_date":"2024-12-31","end_date":"2024-01-01"}}'
{ printf '{"tasks":['; for _ in $(seq 249); do printf '%s,' "$tiny"; done; printf '%s]}' "$last"; } > "$tmp/batch.json"
for c in 1 2; do
  for _ in $(seq $((n / 500))); do
    printf 'next\nurl = "%s/api/tasks/batch"\nrequest = "POST"\nheader = "authorization: Bearer %s"\nheader = "content-type: application/json"\ndata = "@%s"\noutput = /dev/null\nwrite-out = "%%{http_code}\\n"\n' \
      "$base" "$token" "$tmp/batch.json"
  done > "$tmp/client$c"
done
cpu() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# The JIT compilers' share: still large after a few hundred thousand tasks, and it varies from one
# server to the next more than the cost of a task does.
jit() {
  local sum=0 t
  for t in /proc/"$pid"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      C1\ Compiler* | C2\ Compiler*) sum=$((sum + $(cpu "${t#/proc/}"))) ;;
    esac
  done
  echo "$sum"
}
pg_cpu() { local sum=0 p; for p in $(pgrep -x postgres); do sum=$((sum + $(cpu "$p"))); done; echo "$sum"; }
for _ in $(seq "$rounds"); do
  before=$(cpu "$pid"); jit_before=$(jit); pg_before=$(pg_cpu); start=$(date +%s.%N)
  for c in 1 2; do curl -s -K "$tmp/client$c" > "$tmp/codes$c" & done
  wait
  end=$(date +%s.%N); after=$(cpu "$pid"); jit_after=$(jit); pg_after=$(pg_cpu)
  awk -v n="$n" -v s="$start" -v e="$end" -v c="$((after - before))" -v j="$((jit_after - jit_before))" -v p="$((pg_after - pg_before))" \
    -v t="$(getconf CLK_TCK)" -v k="$(cat "$tmp"/codes* | sort | uniq -c | tr -s ' \n' ' ')" \
    'BEGIN { printf "%d tasks in batches of 250: accepted %.0f/s, server CPU %.3f ms (%.3f without the JIT compilers), PostgreSQL CPU %.3f ms a task (HTTP codes:%s)\n", n, n/(e-s), c*1000/t/n, (c-j)*1000/t/n, p*1000/t/n, k }'
done

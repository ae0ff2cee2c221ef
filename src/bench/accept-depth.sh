#!/usr/bin/env bash
# The cost of accepting a single task as the queue grows (issue 25): against a server started with
# TASKLANE_SCHEDULER_LOCAL_CONCURRENCY=0 (nothing is admitted, so the queue only grows), sends
# rounds of N single POST /api/tasks from 4 keep-alive curl clients, the queue first deepened by
# BATCHES batches of 250 through POST /api/tasks/batch; prints the depth, the rate and the
# server's CPU time (user + system, /proc/PID/stat) per POST. PostgreSQL's own CPU is not in that
# figure (H2's is): the rate shows it.
# usage: src/bench/accept-depth.sh BASE_URL ADMIN_PASSWORD SERVER_PID N BATCHES [ROUNDS]
set -euo pipefail
# shellcheck source=src/bench/single-posts.sh
source "$(dirname "$0")/single-posts.sh"
base=${1%/}; admin_password=$2; pid=$3; n=$4; batches=$5; rounds=${6:-2}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
json() { curl -s -H 'content-type: application/json' "$@"; }
token=$(json -XPOST "$base/api/auth/token" -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" | jq -r .access_token)
tiny='{"task_type":"backtest","parameters":{"symbol":"BTC_USDT","start_date":"2024-01-01","end_date":"2024-12-31"}}'
echo "$tiny" > "$tmp/tiny.json"
{ printf '{"tasks":['; for i in $(seq 250); do [ "$i" -gt 1 ] && printf ','; printf '%s' "$tiny"; done; printf ']}'; } > "$tmp/batch.json"
for _ in $(seq "$batches"); do
  json -o /dev/null -XPOST "$base/api/tasks/batch" -H "authorization: Bearer $token" --data "@$tmp/batch.json"
done
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
for _ in $(seq "$rounds"); do
  depth=$(curl -s "$base/api/system/queue" -H "authorization: Bearer $token" | jq .queued_count)
  before=$(cpu); start=$(date +%s.%N)
  single_posts "$base" "$token" "$tmp/tiny.json" "$n" "$tmp"
  end=$(date +%s.%N); after=$(cpu)
  awk -v n="$n" -v s="$start" -v e="$end" -v c="$((after - before))" -v t="$(getconf CLK_TCK)" -v d="$depth" \
    -v k="$(cat "$tmp"/codes* | sort | uniq -c | tr -s ' \n' ' ')" \
    'BEGIN { printf "behind %d queued: %d single POSTs accepted %.0f/s, server CPU %.2f ms a POST (HTTP codes:%s)\n", d, n, n/(e-s), c*1000/t/n, k }'
done

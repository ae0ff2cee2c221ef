#!/usr/bin/env bash
# Sourced by the benchmarks that send single tasks: single_posts BASE TOKEN BODY_FILE N DIR sends N
# POST /api/tasks of BODY_FILE from 4 keep-alive curl clients at once and leaves each client's HTTP
# status codes in DIR/codes1..4.
single_posts() {
  local base=$1 token=$2 body=$3 n=$4 dir=$5 c
  for c in 1 2 3 4; do
    for _ in $(seq $((n / 4))); do
      printf 'next\nurl = "%s/api/tasks"\nrequest = "POST"\nheader = "authorization: Bearer %s"\nheader = "content-type: application/json"\ndata = "@%s"\noutput = /dev/null\nwrite-out = "%%{http_code}\\n"\n' \
        "$base" "$token" "$body"
    done > "$dir/client$c"
    curl -s -K "$dir/client$c" > "$dir/codes$c" &
  done
  wait
}

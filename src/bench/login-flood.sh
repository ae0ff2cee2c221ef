#!/usr/bin/env bash
# Does a flood of failed sign-ins slow other users' requests (issue 18, M1)? Starts the packaged WAR
# (production JVM settings, fresh data directory), measures another user's GET /api/system/queue
# idle, then again while 8 loops post wrong passwords for random names from 250 loopback addresses
# (so the per-address throttle does not simply stop them: the hashing pool has to bear it), and
# counts how the flood was answered.
# usage: mvn -q package -DskipTests && bash src/bench/login-flood.sh [requests] [flood seconds] [port]
set -euo pipefail
requests=${1:-300}
seconds=${2:-40}
port=${3:-18484}
base="http://127.0.0.1:$port"
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
(cd "$dir" && TASKLANE_ADMIN_PASSWORD=flood-admin-secret exec java -jar "$OLDPWD/target/payara-micro.jar" \
    --deploy "$OLDPWD/target/tasklane.war" --contextroot / --port "$port" --nocluster \
    --prebootcommandfile "$OLDPWD/server-config/pre-boot-commands.asadmin" \
    --systemproperties "$OLDPWD/server-config/system.properties" > "$dir/server.log" 2>&1) &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/tasks")" = "401" ]; do
  sleep 0.2
  kill -0 "$pid" 2>/dev/null || { echo "server died; see $dir/server.log"; exit 1; }
done
token() {
  curl -s -X POST "$base/api/auth/token" -H 'Content-Type: application/json' -d "$1" |
    sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}
admin=$(token '{"username":"admin","password":"flood-admin-secret"}')
curl -s -o /dev/null -X POST "$base/api/admin/users" -H "Authorization: Bearer $admin" \
  -H 'Content-Type: application/json' -d '{"username":"quiet","password":"quiet-password","roles":["user"]}'
user=$(token '{"username":"quiet","password":"quiet-password"}')

# Median and p90 (ms) of $requests sequential GET /api/system/queue by the quiet user.
measure() {
  for _ in $(seq 1 "$requests"); do
    curl -s -o /dev/null -w '%{time_total}\n' "$base/api/system/queue" -H "Authorization: Bearer $user"
  done | sort -n | awk '{t[NR]=$1*1000} END {printf "median %.1f ms, p90 %.1f ms (n=%d)\n", t[int(NR/2)+1], t[int(NR*0.9)], NR}'
}
measure > /dev/null # warm-up
echo "idle:        $(measure)"

flood() {
  local end=$((SECONDS + seconds))
  while [ $SECONDS -lt $end ]; do
    curl -s -o /dev/null -w '%{http_code}\n' --interface "127.1.0.$((RANDOM % 250 + 1))" \
      -X POST "$base/api/auth/token" -H 'Content-Type: application/json' \
      -d "{\"username\":\"guess$RANDOM\",\"password\":\"wrong-password\"}"
  done
}
for i in $(seq 1 8); do flood > "$dir/flood-$i.txt" & done
sleep 3
echo "under flood: $(measure)"
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
echo "flood answers: $(cat "$dir"/flood-*.txt | sort | uniq -c | awk '{printf "%s x%s  ", $2, $1}')"

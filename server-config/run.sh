#!/usr/bin/env bash
# Starts Tasklane on Payara Micro: `mvn -Prun package` calls it after building the WAR; it also runs
# a built WAR by hand. usage: server-config/run.sh PAYARA_MICRO_JAR WAR [PORT]
#
# Payara Micro runs from a fixed root directory (target/payara-root) through the launcher it writes
# there, rather than unpacking itself into a new temporary directory at every start. The fixed
# class path lets the JVM map a class-data archive (AppCDS) of the classes a start loads: the first
# start records them when it stops (-XX:ArchiveClassesAtExit), later starts map the archive instead
# of loading and verifying those classes again. An archive from another JDK or Payara build is
# ignored (and remade at the next stop), never an error.
set -euo pipefail
micro_jar=$1
war=$2
port=${3:-8080}
root=${TASKLANE_PAYARA_ROOT:-$(dirname "$war")/payara-root}
archive=$root/tasklane.jsa
launcher=$root/launch-micro.jar
config=$(cd "$(dirname "$0")" && pwd)

if [ ! -f "$launcher" ] || [ "$micro_jar" -nt "$launcher" ]; then
  rm -rf "$root"
  java -jar "$micro_jar" --rootdir "$root" --outputlauncher >/dev/null
  cp -a "$root/config" "$root/config.new"
fi
# A root directory remembers what it deployed and would start that too, beside --deploy's fresh
# copy: every start begins from the configuration the launcher was written with. The launcher and
# the runtime's jars stay, so the archive's class path still matches.
rm -rf "$root/config" "$root/applications" "$root/generated" "$root/autodeploy"
cp -a "$root/config.new" "$root/config"
# G1 returns heap it no longer needs: a collection after 5 s without one, and the heap kept at most
# 30 % free, so an idle server holds about its live set rather than its high-water mark. The
# maximum heap stays the JVM's default (a quarter of RAM): admission reserves task heap against it.
# TASKLANE_JVM_OPTIONS adds options or overrides these (e.g. -Xmx8g).
# XGBoost's OpenMP threads sleep between boosting rounds instead of spinning, so a training task
# paced to part of a core really uses only that part (README "Resource gate").
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
jvm=(-XX:G1PeriodicGCInterval=5000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30)
# shellcheck disable=SC2206 # options are words
jvm+=(${TASKLANE_JVM_OPTIONS:-})
if [ -f "$archive" ] && [ "$archive" -nt "$launcher" ]; then
  jvm+=(-XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
else
  jvm+=(-XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
exec java "${jvm[@]}" -jar "$launcher" --deploy "$war" --contextroot / --port "$port" --nocluster \
  --prebootcommandfile "$config/pre-boot-commands.asadmin" \
  --systemproperties "$config/system.properties"

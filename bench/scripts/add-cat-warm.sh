#!/usr/bin/env bash
# Steady-state variant of add-cat.sh: the node first adds and cats a 256 MiB warm-up file (so the JIT has
# compiled the add and cat paths), then adds and cats a file of SIZE_MIB (default 1024) and prints MB/s and
# the node's CPU seconds (user + system) per GiB for both. JAR defaults to this checkout's node jar, so two
# builds can be compared back to back on the same machine. The node runs with conf/jvm.options, as the README
# starts it; JAVA_OPTS adds JVM flags.
# Usage: bench/scripts/add-cat-warm.sh [SIZE_MIB] [JAR]   (build first: mvn -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mib=${1:-1024}
jar=${2:-verticles/node/target/strata.jar}
[ -f "$jar" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 1; }
work=$(mktemp -d)
api_port=${API_PORT:-15001}
gw_port=${GATEWAY_PORT:-18080}
node_pid=""
cleanup() {
  if [ -n "$node_pid" ]; then kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

head -c $((256 * 1024 * 1024)) /dev/urandom > "$work/warm-up"
head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$work/input"
java @conf/jvm.options ${JAVA_OPTS:-} -jar "$jar" daemon --repo "$work/repo" --api-port "$api_port" --gateway-port "$gw_port" \
  > "$work/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 1 150); do
  grep -q "Daemon is ready" "$work/node.log" 2>/dev/null && break
  kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.log" >&2; exit 1; }
  sleep 0.2
done
api="http://127.0.0.1:$api_port/api/v0"
ticks_per_s=$(getconf CLK_TCK)
node_cpu_ticks() { sed 's/^.*) //' "/proc/$node_pid/stat" | awk '{ print $12 + $13 }'; }
add() { curl -sf -X POST -F "file=@$1" "$api/add?quieter=true" | sed -n 's/.*"Hash":"\([^"]*\)".*/\1/p' | tail -1; }

warm_cid=$(add "$work/warm-up")
curl -sf -X POST "$api/cat?arg=$warm_cid" -o /dev/null

cpu0=$(node_cpu_ticks); start=$(date +%s.%N)
cid=$(add "$work/input")
add_end=$(date +%s.%N); cpu1=$(node_cpu_ticks)
[ -n "$cid" ] || { echo "add failed" >&2; cat "$work/node.log" >&2; exit 1; }
# timed to /dev/null with its length checked, then an untimed cat compared byte for byte (see add-cat.sh)
cat_bytes=$(curl -sf -X POST "$api/cat?arg=$cid" -o /dev/null -w '%{size_download}')
cat_end=$(date +%s.%N); cpu2=$(node_cpu_ticks)
[ "$cat_bytes" -eq "$(stat -c %s "$work/input")" ] || { echo "cat returned $cat_bytes bytes" >&2; exit 1; }
curl -sf -X POST "$api/cat?arg=$cid" -o "$work/output"
cmp -s "$work/input" "$work/output" || { echo "cat returned different bytes" >&2; exit 1; }

bytes=$(stat -c %s "$work/input")
gib=$(echo "$bytes / 1073741824" | bc -l)
printf 'file: %d MiB after a 256 MiB warm-up, root %s, node heap -Xmx512m\n' "$size_mib" "$cid"
printf 'add: %.1f MB/s, node CPU %.2f s/GiB\n' "$(echo "$bytes / ($add_end - $start) / 1000000" | bc -l)" \
  "$(echo "($cpu1 - $cpu0) / $ticks_per_s / $gib" | bc -l)"
printf 'cat: %.1f MB/s, node CPU %.2f s/GiB\n' "$(echo "$bytes / ($cat_end - $add_end) / 1000000" | bc -l)" \
  "$(echo "($cpu2 - $cpu1) / $ticks_per_s / $gib" | bc -l)"

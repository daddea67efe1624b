#!/usr/bin/env bash
# End-to-end throughput: adds a file of SIZE_MIB (default 1024) over the RPC API to a fresh node whose heap
# is capped at 512 MiB, then cats it back, and prints MB/s for both (1 MB = 10^6 bytes) and the CPU seconds the
# node process used per GiB moved (user + system, from /proc), which varies far less than MB/s on a busy machine.
# Usage: bench/scripts/add-cat.sh [SIZE_MIB]   (build first: mvn -q -DskipTests package)
# The node runs with conf/jvm.options, as the README starts it.
# Environment: NODE_FLAGS (extra daemon flags), JAVA_OPTS (extra JVM flags, e.g. to profile with JFR).
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mib=${1:-1024}
jar=verticles/node/target/strata.jar
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

head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$work/input"
java @conf/jvm.options ${JAVA_OPTS:-} -jar "$jar" daemon --repo "$work/repo" ${NODE_FLAGS:-} --api-port "$api_port" --gateway-port "$gw_port" \
  > "$work/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 1 100); do
  grep -q "Daemon is ready" "$work/node.log" 2>/dev/null && break
  kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.log" >&2; exit 1; }
  sleep 0.2
done
api="http://127.0.0.1:$api_port/api/v0"
ticks_per_s=$(getconf CLK_TCK)
# utime + stime of the node process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat, after the name).
node_cpu_ticks() { sed 's/^.*) //' "/proc/$node_pid/stat" | awk '{ print $12 + $13 }'; }
bytes=$(stat -c %s "$work/input")

cpu0=$(node_cpu_ticks)
start=$(date +%s.%N)
cid=$(curl -sf -X POST -F "file=@$work/input" "$api/add?quieter=true" | sed -n 's/.*"Hash":"\([^"]*\)".*/\1/p' | tail -1)
add_s=$(echo "$(date +%s.%N) - $start" | bc)
cpu1=$(node_cpu_ticks)
[ -n "$cid" ] || { echo "add failed" >&2; cat "$work/node.log" >&2; exit 1; }

# The timed cat goes to /dev/null, as `ipfs cat > /dev/null` in Kubo's benchmarks: on a virtual machine, writing
# 1 GiB to a new file (or through a pipe) costs the client seconds of kernel CPU, which would be measured instead
# of the node. Its length is checked, and an untimed second cat is compared with the input byte for byte.
start=$(date +%s.%N)
cat_bytes=$(curl -sf -X POST "$api/cat?arg=$cid" -o /dev/null -w '%{size_download}')
cat_s=$(echo "$(date +%s.%N) - $start" | bc)
cpu2=$(node_cpu_ticks)
[ "$cat_bytes" -eq "$(stat -c %s "$work/input")" ] || { echo "cat returned $cat_bytes bytes" >&2; exit 1; }
curl -sf -X POST "$api/cat?arg=$cid" -o "$work/output"
cmp -s "$work/input" "$work/output" || { echo "cat returned different bytes" >&2; exit 1; }

printf 'file: %d MiB, root %s, node heap -Xmx512m\n' "$size_mib" "$cid"
gib=$(echo "$bytes / 1073741824" | bc -l)
printf 'add: %.1f MB/s (%.2f s), node CPU %.2f s/GiB\n' "$(echo "$bytes / $add_s / 1000000" | bc -l)" "$add_s" \
  "$(echo "($cpu1 - $cpu0) / $ticks_per_s / $gib" | bc -l)"
printf 'cat: %.1f MB/s (%.2f s), node CPU %.2f s/GiB\n' "$(echo "$bytes / $cat_s / 1000000" | bc -l)" "$cat_s" \
  "$(echo "($cpu2 - $cpu1) / $ticks_per_s / $gib" | bc -l)"

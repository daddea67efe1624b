#!/usr/bin/env bash
# End-to-end throughput: adds a file of SIZE_MIB (default 1024) over the RPC API to a fresh node whose heap
# is capped at 512 MiB, then cats it back, and prints MB/s for both (1 MB = 10^6 bytes).
# Usage: bench/scripts/add-cat.sh [SIZE_MIB]   (build first: mvn -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mib=${1:-1024}
jar=verticles/node/target/strata.jar
[ -f "$jar" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 1; }
work=$(mktemp -d)
api_port=${API_PORT:-15001}
gw_port=${GATEWAY_PORT:-18080}
node_pid=""
cleanup() { [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$work/input"
java -Xmx512m -jar "$jar" daemon --repo "$work/repo" ${NODE_FLAGS:-} --api-port "$api_port" --gateway-port "$gw_port" \
  > "$work/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 1 100); do
  grep -q "Daemon is ready" "$work/node.log" 2>/dev/null && break
  kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.log" >&2; exit 1; }
  sleep 0.2
done
api="http://127.0.0.1:$api_port/api/v0"
bytes=$(stat -c %s "$work/input")

start=$(date +%s.%N)
cid=$(curl -sf -X POST -F "file=@$work/input" "$api/add?quieter=true" | sed -n 's/.*"Hash":"\([^"]*\)".*/\1/p' | tail -1)
add_s=$(echo "$(date +%s.%N) - $start" | bc)
[ -n "$cid" ] || { echo "add failed" >&2; cat "$work/node.log" >&2; exit 1; }

start=$(date +%s.%N)
curl -sf -X POST "$api/cat?arg=$cid" -o "$work/output"
cat_s=$(echo "$(date +%s.%N) - $start" | bc)
cmp -s "$work/input" "$work/output" || { echo "cat returned different bytes" >&2; exit 1; }

printf 'file: %d MiB, root %s, node heap -Xmx512m\n' "$size_mib" "$cid"
printf 'add: %.1f MB/s (%.2f s)\n' "$(echo "$bytes / $add_s / 1000000" | bc -l)" "$add_s"
printf 'cat: %.1f MB/s (%.2f s)\n' "$(echo "$bytes / $cat_s / 1000000" | bc -l)" "$cat_s"

#!/usr/bin/env bash
# Node-to-node throughput through Bitswap: starts two clustered nodes on loopback (heap capped at 512 MiB
# each), adds a file of SIZE_MIB (default 1024) on the first (not timed), then times `cat` of it over the
# RPC API on the second, which has none of its blocks and fetches them all from the first, and prints MB/s
# (1 MB = 10^6 bytes), and the CPU seconds each node process used per GiB moved (user + system, from /proc),
# which varies far less than MB/s on a busy machine.
# Usage: bench/scripts/bitswap-transfer.sh [SIZE_MIB]   (build first: mvn -q -DskipTests package)
# Both nodes run with conf/jvm.options, as the README starts them.
# NODE_FLAGS adds daemon flags to both nodes (e.g. "--set blockstore.syncWrites=false"), JAVA_OPTS JVM flags
# (e.g. to profile with JFR; %n in them becomes the node's name, a or b), JAR another node jar (default: this
# checkout's); BASE_PORT (default 25000) picks the ports: BASE_PORT+1/+2 API, +81/+82 gateway, +701/+702
# cluster. WARMUP_MIB (default 0) first moves a warm-up file of that size the same way, not timed, so the
# JIT has compiled both nodes' transfer paths and the figures are steady-state ones.
# MODE picks what the second node does with the file (and the warm-up file): cat (default) reads it back over
# HTTP, so the figure includes the HTTP response and a second read of every block from its store; refs walks
# the DAG with `refs -r`, which fetches every block into the second node's store and nothing else, and is then
# checked, not timed: every block of the DAG (listed by `refs -r --unique` on the first node) must be among
# the second node's `refs/local`.
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mib=${1:-1024}
warmup_mib=${WARMUP_MIB:-0}
mode=${MODE:-cat}
case "$mode" in cat|refs) ;; *) echo "MODE must be cat or refs" >&2; exit 1 ;; esac
jar=${JAR:-verticles/node/target/strata.jar}
[ -f "$jar" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 1; }
base=${BASE_PORT:-25000}
work=$(mktemp -d)
cluster_name="bench-$$-$RANDOM"
members="127.0.0.1:$((base + 701)),127.0.0.1:$((base + 702))"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

start_node() { # name index
  local java_opts=${JAVA_OPTS:-}
  java @conf/jvm.options ${java_opts//%n/$1} -jar "$jar" daemon --repo "$work/$1" --api-port $((base + $2)) --gateway-port $((base + 80 + $2)) \
    --cluster --cluster-host 127.0.0.1 --cluster-port $((base + 700 + $2)) --cluster-members "$members" \
    --set cluster.name="$cluster_name" ${NODE_FLAGS:-} > "$work/$1.log" 2>&1 &
  pids+=($!)
}
await_ready() { # name
  for _ in $(seq 1 600); do
    grep -q "Daemon is ready" "$work/$1.log" 2>/dev/null && return 0
    grep -q "^Error" "$work/$1.log" 2>/dev/null && break
    sleep 0.2
  done
  echo "node $1 did not start:" >&2; cat "$work/$1.log" >&2; exit 1
}

head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$work/input"
start_node a 1
start_node b 2
await_ready a
await_ready b
api_a="http://127.0.0.1:$((base + 1))/api/v0"
api_b="http://127.0.0.1:$((base + 2))/api/v0"
peer_b=$(curl -sf -X POST "$api_b/id" | sed -n 's/.*"ID":"\([^"]*\)".*/\1/p')
for _ in $(seq 1 300); do
  curl -sf -X POST "$api_a/swarm/peers" | grep -q "$peer_b" && break
  sleep 0.2
done
curl -sf -X POST "$api_a/swarm/peers" | grep -q "$peer_b" || { echo "the nodes did not form a cluster" >&2; exit 1; }
bytes=$(stat -c %s "$work/input")
ticks_per_s=$(getconf CLK_TCK)
# utime + stime of a node process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat, after the name).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

add_on_a() { # file -> root CID
  curl -sf -X POST -F "file=@$1" "$api_a/add?quieter=true" | sed -n 's/.*"Hash":"\([^"]*\)".*/\1/p' | tail -1
}
move_to_b() { # root CID, output file
  if [ "$mode" = cat ]; then
    curl -sf -X POST "$api_b/cat?arg=$1" -o "$2" -w '%{size_download}' > "$work/moved-bytes"
  else
    curl -sf -X POST "$api_b/refs?arg=$1&recursive=true" -o "$2"
  fi
}
if [ "$warmup_mib" -gt 0 ]; then
  head -c $((warmup_mib * 1024 * 1024)) /dev/urandom > "$work/warmup"
  warmup_cid=$(add_on_a "$work/warmup")
  [ -n "$warmup_cid" ] || { echo "warm-up add failed" >&2; cat "$work/a.log" >&2; exit 1; }
  move_to_b "$warmup_cid" /dev/null
fi

cid=$(add_on_a "$work/input")
[ -n "$cid" ] || { echo "add failed" >&2; cat "$work/a.log" >&2; exit 1; }

cpu_a0=$(cpu_ticks "${pids[0]}")
cpu_b0=$(cpu_ticks "${pids[1]}")
start=$(date +%s.%N)
# The timed cat goes to /dev/null (see add-cat.sh); its length is checked, and once every block is on B an
# untimed cat there is compared with the input.
if [ "$mode" = cat ]; then move_to_b "$cid" /dev/null; else move_to_b "$cid" "$work/output"; fi
cat_s=$(echo "$(date +%s.%N) - $start" | bc)
cpu_a1=$(cpu_ticks "${pids[0]}")
cpu_b1=$(cpu_ticks "${pids[1]}")
if [ "$mode" = cat ]; then
  [ "$(cat "$work/moved-bytes")" -eq "$bytes" ] || { echo "cat on the second node returned $(cat "$work/moved-bytes") bytes" >&2; exit 1; }
  curl -sf -X POST "$api_b/cat?arg=$cid" -o "$work/output"
  cmp -s "$work/input" "$work/output" || { echo "cat on the second node returned different bytes ($(stat -c %s "$work/output") of $bytes)" >&2; exit 1; }
else
  # every block of the DAG, as CIDv1 raw in base32 (the form refs/local lists), must be stored on the second node
  { echo "$cid"; curl -sf -X POST "$api_a/refs?arg=$cid&recursive=true&unique=true" | sed -n 's/.*"Ref":"\([^"]*\)".*/\1/p'; } \
    | xargs -n 50 | while read -r batch; do
        # shellcheck disable=SC2086 # the batch's CIDs are separate words
        curl -sf -X POST "$api_a/cid/format?v=1&mc=raw&b=base32$(printf '&arg=%s' $batch)" | sed -n 's/.*"Formatted":"\([^"]*\)".*/\1/p'
      done | sort -u > "$work/dag-blocks"
  curl -sf -X POST "$api_b/refs/local" | sed -n 's/.*"Ref":"\([^"]*\)".*/\1/p' | sort -u > "$work/b-blocks"
  missing=$(comm -23 "$work/dag-blocks" "$work/b-blocks" | wc -l)
  [ "$missing" -eq 0 ] && [ -s "$work/dag-blocks" ] \
    || { echo "the second node lacks $missing of the DAG's $(wc -l < "$work/dag-blocks") blocks after refs -r" >&2; exit 1; }
fi

printf 'file: %d MiB, root %s, two clustered nodes on loopback, heap -Xmx512m each, warm-up %d MiB, load %s\n' \
  "$size_mib" "$cid" "$warmup_mib" "$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$mode" = cat ]; then
  printf 'bitswap cat on the second node: %.1f MB/s (%.2f s)\n' "$(echo "$bytes / $cat_s / 1000000" | bc -l)" "$cat_s"
else
  printf 'bitswap refs -r on the second node (all %d blocks then stored there): %.1f MB/s of file data (%.2f s)\n' \
    "$(wc -l < "$work/dag-blocks")" "$(echo "$bytes / $cat_s / 1000000" | bc -l)" "$cat_s"
fi
gib=$(echo "$bytes / 1073741824" | bc -l)
printf 'node CPU per GiB moved: serving node %.2f s, fetching node %.2f s\n' \
  "$(echo "($cpu_a1 - $cpu_a0) / $ticks_per_s / $gib" | bc -l)" "$(echo "($cpu_b1 - $cpu_b0) / $ticks_per_s / $gib" | bc -l)"

#!/usr/bin/env bash
# Cluster pin set at scale: adds COUNT pins (default 1,000,000) to the Hazelcast-backed pin set from THREADS
# threads, then lists them through the streaming iterator; prints add throughput, listing time and memory.
# Usage: bench/scripts/pinset.sh [COUNT] [THREADS] [MEMBERS]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -q -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
java ${JAVA_OPTS:--Xmx3g} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.strata.bench.PinSetBench "${1:-1000000}" "${2:-8}" "${3:-1}"

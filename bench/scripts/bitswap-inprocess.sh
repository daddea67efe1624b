#!/usr/bin/env bash
# Bitswap throughput: moves a UnixFS DAG of SIZE_MIB (default 256) of random bytes between two clustered
# Vert.x instances in one JVM (Hazelcast on loopback, RocksDB block stores in a temp directory) and prints
# MB/s (1 MB = 10^6 bytes). Usage: bench/scripts/bitswap-inprocess.sh [SIZE_MIB]
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mib=${1:-256}
mvn -o -q -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
java ${JAVA_OPTS:--Xmx2g} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.strata.bench.BitswapTransferBench "$size_mib"

#!/usr/bin/env bash
# Bitswap over libp2p on loopback: Helia nodes read the same UnixFS file of SIZE_MIB (default 64) random bytes
# from Strata and from another Helia node, after three untimed warm-up reads from each; prints MB/s of each of
# ROUNDS rounds (default 5), their ratio and the CPU time spent, then the medians (1 MB = 10^6 bytes), the rates
# over all rounds together and the readers' CPU per server. LAYOUT is the DAG both servers hold: helia (default:
# CIDv1, 1 MiB raw leaves) or kubo (CIDv0, 256 KiB UnixFS leaves).
# The JVM (which hosts the Strata node) runs with conf/jvm.options, as the README starts a node; JAVA_OPTS adds flags.
# Needs `npm ci` in interop/ first. Usage: bench/scripts/libp2p-helia.sh [SIZE_MIB] [LAYOUT] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mib=${1:-64}
layout=${2:-helia}
rounds=${3:-5}
mvn -o -q -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
java @conf/jvm.options ${JAVA_OPTS:-} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.strata.bench.Libp2pHeliaBench "$size_mib" interop "$layout" "$rounds"

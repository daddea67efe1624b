#!/usr/bin/env bash
# Bitswap over libp2p on loopback: a Helia node reads a UnixFS file of SIZE_MIB (default 64) random bytes
# from Strata, then from another Helia node; prints MB/s of each (1 MB = 10^6 bytes).
# Needs `npm ci` in interop/ first. Usage: bench/scripts/libp2p-helia.sh [SIZE_MIB]
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mib=${1:-64}
mvn -o -q -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
java ${JAVA_OPTS:--Xmx2g} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.strata.bench.Libp2pHeliaBench "$size_mib" interop

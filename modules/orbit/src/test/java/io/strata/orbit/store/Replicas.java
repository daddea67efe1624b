package io.strata.orbit.store;

import io.strata.crdt.log.EntrySignature;
import io.strata.crdt.log.EntrySigner;
import io.strata.crdt.log.OperationLog;

/** Logs for store tests, whose signatures no one checks (signing is tested with real keys elsewhere). */
final class Replicas {

    static final String LOG_ID = "/orbitdb/zdpuAmrcSRUhkQcnRQ6p4bphs7DJWGBkqczSGFYynX6moTcDL";

    private Replicas() {
    }

    static OperationLog log(String writer) {
        return new OperationLog(LOG_ID, writer, entry -> true);
    }

    static EntrySigner signer(String writer) {
        return bytes -> new EntrySignature(writer, "identity-" + writer, "sig-" + writer);
    }
}

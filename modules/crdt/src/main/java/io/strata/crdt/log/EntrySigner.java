package io.strata.crdt.log;

/** Signs new log entries; implemented by the identity layer. */
@FunctionalInterface
public interface EntrySigner {

    /**
     * @param unsignedEntryBytes the dag-cbor encoding of {@code {id, payload, next, refs, clock, v}},
     *                           exactly what OrbitDB signs (see {@link LogEntry#unsignedBytes()})
     */
    EntrySignature sign(byte[] unsignedEntryBytes);
}

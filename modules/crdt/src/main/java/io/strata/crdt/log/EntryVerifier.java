package io.strata.crdt.log;

/**
 * Decides whether an entry received from elsewhere may join a log: checks its signature against
 * {@link LogEntry#unsignedBytes()} and the writer's access. Implemented by the identity and access layer.
 */
@FunctionalInterface
public interface EntryVerifier {

    boolean accepts(LogEntry entry);

    /**
     * Whether an entry this log's owner has just created and signed may be appended. By default the same
     * check as for received entries; a verifier may skip re-verifying the signature it was just given.
     */
    default boolean acceptsOwn(LogEntry entry) {
        return accepts(entry);
    }
}

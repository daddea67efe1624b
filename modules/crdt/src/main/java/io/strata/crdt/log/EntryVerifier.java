package io.strata.crdt.log;

/**
 * Decides whether an entry received from elsewhere may join a log: checks its signature against
 * {@link LogEntry#unsignedBytes()} and the writer's access. Implemented by the identity and access layer.
 */
@FunctionalInterface
public interface EntryVerifier {

    boolean accepts(LogEntry entry);
}

package io.strata.ipld;

/**
 * Where producers (the UnixFS importer, CAR import, dag put) send the blocks they make. Implementations
 * may buffer and write in batches; {@link #flush()} makes everything accepted so far durable/visible.
 */
public interface BlockSink {

    void put(Block block);

    default void flush() {
    }
}

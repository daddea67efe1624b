package io.strata.blockstore;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class RocksGarbageCollectorTest extends GarbageCollectorTest {

    @TempDir
    Path repo;

    @Override
    protected void openStores() {
        RocksBlockStore store = RocksBlockStore.open(repo, RocksBlockStore.Options.defaults());
        blocks = store;
        pins = store.pinStore();
    }

    @AfterEach
    void close() {
        blocks.close();
    }
}

package io.strata.blockstore;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class RocksPinStoreTest extends PinStoreContractTest {

    @TempDir
    Path repo;

    private RocksBlockStore store;

    @BeforeEach
    void open() {
        store = RocksBlockStore.open(repo, RocksBlockStore.Options.defaults());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected PinStore pins() {
        return store.pinStore();
    }
}

package io.strata.blockstore;

class MemoryBlockStoreTest extends BlockStoreContractTest {

    @Override
    protected BlockStore openStore() {
        return new MemoryBlockStore();
    }
}

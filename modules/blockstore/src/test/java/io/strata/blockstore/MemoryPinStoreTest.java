package io.strata.blockstore;

class MemoryPinStoreTest extends PinStoreContractTest {

    private final MemoryPinStore pins = new MemoryPinStore();

    @Override
    protected PinStore pins() {
        return pins;
    }
}

package io.strata.blockstore;

import io.strata.multiformats.Cid;
import io.strata.multiformats.MultiformatException;
import io.strata.multiformats.Multihash;
import io.strata.multiformats.Varint;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.WriteBatch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The pins of a {@link RocksBlockStore}, in its {@code pins} column family: the key is the pinned multihash,
 * the value {@code type byte || varint(CID length) || CID || UTF-8 name}.
 */
final class RocksPinStore implements PinStore {

    private static final byte DIRECT = 'd';
    private static final byte RECURSIVE = 'r';

    private final RocksBlockStore store;
    private final ColumnFamilyHandle pins;

    RocksPinStore(RocksBlockStore store, ColumnFamilyHandle pins) {
        this.store = store;
        this.pins = pins;
    }

    @Override
    public Optional<Pin> get(Cid cid) {
        byte[] key = cid.multihash().bytes();
        return store.call(() -> {
            byte[] value = store.db().get(pins, key);
            return value == null ? Optional.empty() : Optional.of(decode(key, value));
        });
    }

    @Override
    public void put(Pin pin) {
        store.call(() -> {
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(pins, pin.cid().multihash().bytes(), encode(pin));
                store.write(batch);
            }
            return null;
        });
    }

    @Override
    public boolean remove(Cid cid) {
        byte[] key = cid.multihash().bytes();
        return store.call(() -> {
            if (store.db().get(pins, key) == null) {
                return false;
            }
            try (WriteBatch batch = new WriteBatch()) {
                batch.delete(pins, key);
                store.write(batch);
            }
            return true;
        });
    }

    @Override
    public void replace(Cid removed, Pin added) {
        store.call(() -> {
            try (WriteBatch batch = new WriteBatch()) {
                batch.delete(pins, removed.multihash().bytes());
                batch.put(pins, added.cid().multihash().bytes(), encode(added));
                store.write(batch);
            }
            return null;
        });
    }

    @Override
    public Stream<Pin> list() {
        return store.iterate(pins, RocksPinStore::decode);
    }

    private static byte[] encode(Pin pin) {
        byte[] name = pin.name().getBytes(StandardCharsets.UTF_8);
        int cidLength = pin.cid().length();
        byte[] value = new byte[1 + Varint.encodedLength(cidLength) + cidLength + name.length];
        value[0] = pin.type() == PinType.RECURSIVE ? RECURSIVE : DIRECT;
        int position = 1 + Varint.write(cidLength, value, 1);
        pin.cid().writeTo(value, position);
        System.arraycopy(name, 0, value, position + cidLength, name.length);
        return value;
    }

    private static Pin decode(byte[] key, byte[] value) {
        try {
            if (value.length < 2 || (value[0] != DIRECT && value[0] != RECURSIVE)) {
                throw new BlockStoreException(BlockStoreException.Code.CORRUPT,
                        "the pin record of " + Multihash.fromBytes(key) + " has an unknown type");
            }
            Varint.Decoded cidLength = Varint.decode(value, 1);
            int cidStart = 1 + cidLength.length();
            int cidEnd = cidStart + (int) cidLength.value();
            Cid cid = Cid.fromBytes(Arrays.copyOfRange(value, cidStart, cidEnd));
            String name = new String(value, cidEnd, value.length - cidEnd, StandardCharsets.UTF_8);
            return new Pin(cid, value[0] == RECURSIVE ? PinType.RECURSIVE : PinType.DIRECT, name);
        } catch (MultiformatException | IndexOutOfBoundsException e) {
            throw new BlockStoreException(BlockStoreException.Code.CORRUPT,
                    "the pin record under key " + Arrays.toString(key) + " is unreadable: " + e.getMessage(), e);
        }
    }
}

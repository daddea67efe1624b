package io.strata.blockstore;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.strata.blockstore.TestDags.raw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RocksBlockStoreTest extends BlockStoreContractTest {

    @TempDir
    Path repo;

    @Override
    protected BlockStore openStore() {
        return RocksBlockStore.open(repo, RocksBlockStore.Options.defaults());
    }

    @Test
    void reopenedRepositoryKeepsBlocksPinsAndStatistics() {
        Block a = raw("kept a");
        Block b = raw("kept bb");
        Block deleted = raw("deleted");
        store.putAll(List.of(a, b, deleted));
        store.delete(deleted.cid());
        ((RocksBlockStore) store).pinStore().put(new Pin(a.cid(), PinType.RECURSIVE, "näme"));
        ((RocksBlockStore) store).pinStore().put(new Pin(b.cid(), PinType.DIRECT, ""));
        store.close();

        store = RocksBlockStore.open(repo, new RocksBlockStore.Options(false));

        assertArrayEquals(a.data(), store.get(a.cid()).orElseThrow());
        assertArrayEquals(b.data(), store.get(b.cid()).orElseThrow());
        assertTrue(store.get(deleted.cid()).isEmpty());
        assertEquals(2, store.stat().blockCount());
        assertEquals(13, store.stat().totalBytes());
        PinStore pins = ((RocksBlockStore) store).pinStore();
        try (Stream<Pin> listed = pins.list()) {
            assertEquals(Set.of(new Pin(a.cid(), PinType.RECURSIVE, "näme"), new Pin(b.cid(), PinType.DIRECT, "")),
                    listed.collect(Collectors.toSet()));
        }
    }

    @Test
    void secondOpenOfALockedRepositoryFails() {
        BlockStoreException locked = assertThrows(BlockStoreException.class,
                () -> RocksBlockStore.open(repo, RocksBlockStore.Options.defaults()));

        assertEquals(BlockStoreException.Code.REPO_LOCKED, locked.code());
        assertTrue(locked.getMessage().contains(repo.toString()), locked.getMessage());
    }

    @Test
    void repositoryOfAnotherFormatIsRefused(@TempDir Path other) throws RocksDBException {
        try (Options options = new Options().setCreateIfMissing(true);
             RocksDB foreign = RocksDB.open(options, other.toString())) {
            foreign.put("unrelated".getBytes(StandardCharsets.UTF_8), new byte[1]);
        }

        BlockStoreException refused = assertThrows(BlockStoreException.class,
                () -> RocksBlockStore.open(other, RocksBlockStore.Options.defaults()).close());

        assertEquals(BlockStoreException.Code.REPO_INCOMPATIBLE, refused.code());
    }

    @Test
    void openStreamEndsWithClosedWhenTheStoreCloses() {
        store.putAll(List.of(raw("x"), raw("y"), raw("z")));
        Stream<Cid> keys = store.keys();
        Iterator<Cid> iterator = keys.iterator();
        iterator.next();
        store.close();

        BlockStoreException closed = assertThrows(BlockStoreException.class, iterator::next);

        assertEquals(BlockStoreException.Code.CLOSED, closed.code());
        keys.close();
    }

    @Test
    void repoVerifierFindsBytesCorruptedOnDisk() throws RocksDBException {
        Block intact = raw("intact");
        Block victim = raw("victim");
        store.putAll(List.of(intact, victim));
        store.close();
        overwriteStoredBytes(victim.cid(), "tampered".getBytes(StandardCharsets.UTF_8));
        store = openStore();
        List<BadBlock> corrupt = new ArrayList<>();

        RepoVerification verification = new RepoVerifier(store).verify(corrupt::add);

        assertEquals(new RepoVerification(2, 1), verification);
        assertEquals(victim.cid(), corrupt.get(0).cid());
    }

    /** Writes {@code bytes} under the block's key with RocksDB directly, as a failing disk might leave it. */
    private void overwriteStoredBytes(Cid cid, byte[] bytes) throws RocksDBException {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        try (Options listing = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(listing, repo.toString())) {
                descriptors.add(new ColumnFamilyDescriptor(name));
            }
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
             RocksDB raw = RocksDB.open(options, repo.toString(), descriptors, handles)) {
            for (int i = 0; i < descriptors.size(); i++) {
                if (new String(descriptors.get(i).getName(), StandardCharsets.US_ASCII).equals("blocks")) {
                    raw.put(handles.get(i), cid.multihash().bytes(), bytes);
                }
            }
            handles.forEach(ColumnFamilyHandle::close);
        }
    }
}

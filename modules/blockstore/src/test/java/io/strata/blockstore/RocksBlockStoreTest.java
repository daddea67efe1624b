package io.strata.blockstore;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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

        store = RocksBlockStore.open(repo, new RocksBlockStore.Options(false, true));

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
    void repositoryHeldByAnotherProcessIsLocked(@TempDir Path shared) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                RepoHolder.class.getName(), shared.toString()).redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("open " + shared, output.readLine());

            BlockStoreException locked = assertThrows(BlockStoreException.class,
                    () -> RocksBlockStore.open(shared, RocksBlockStore.Options.defaults()));

            assertEquals(BlockStoreException.Code.REPO_LOCKED, locked.code());
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        RocksBlockStore.open(shared, RocksBlockStore.Options.defaults()).close();
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
        try (Options options = new Options()) {
            assertEquals(1, RocksDB.listColumnFamilies(options, other.toString()).size(),
                    "the foreign database is left as it was");
        }
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
    void repoVerifierFindsBytesCorruptedOnDisk() throws IOException {
        Block intact = raw("intact");
        Block victim = raw("victim");
        store.putAll(List.of(intact, victim));
        store.close();
        overwriteInPacks("victim".getBytes(StandardCharsets.UTF_8), "VICTIM".getBytes(StandardCharsets.UTF_8));
        store = openStore();
        List<BadBlock> corrupt = new ArrayList<>();

        RepoVerification verification = new RepoVerifier(store).verify(corrupt::add);

        assertEquals(new RepoVerification(2, 1), verification);
        assertEquals(victim.cid(), corrupt.get(0).cid());
    }

    @Test
    void bytesMissingFromATruncatedPackAreCorruptAndReported() throws IOException {
        Block first = raw("first block");
        Block last = raw("last block");
        store.putAll(List.of(first, last));
        store.close();
        Path pack = onlyPack();
        int lastStart = indexOf(Files.readAllBytes(pack), last.data());
        try (FileChannel channel = FileChannel.open(pack, StandardOpenOption.WRITE)) {
            channel.truncate(lastStart + last.size() - 1);
        }
        store = openStore();

        BlockStoreException missing = assertThrows(BlockStoreException.class, () -> store.get(last.cid()));
        List<BadBlock> corrupt = new ArrayList<>();
        RepoVerification verification = new RepoVerifier(store).verify(corrupt::add);

        assertEquals(BlockStoreException.Code.CORRUPT, missing.code());
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
        assertArrayEquals(first.data(), store.get(first.cid()).orElseThrow());
        assertEquals(new RepoVerification(2, 1), verification);
        assertEquals(last.cid(), corrupt.get(0).cid());
    }

    @Test
    void bytesAppendedWithoutTheirIndexEntryAreOverwrittenAndNeverRead() throws IOException {
        store.close();
        Path pack = repo.resolve("packs").resolve("00000001.pack");
        Files.write(pack, "bytes of a write that crashed before its commit".getBytes(StandardCharsets.UTF_8));
        store = openStore();
        Block block = raw("after the crash");

        store.put(block);

        assertArrayEquals(block.data(), store.get(block.cid()).orElseThrow());
        assertEquals(new BlockStoreStat(1, block.size(), store.stat().storageBytes()), store.stat());
    }

    @Test
    void sparsePacksAreEmptiedIntoTheActiveOneAndRemoved() throws IOException {
        store.close();
        store = RocksBlockStore.open(repo, RocksBlockStore.Options.defaults(), 1000);
        List<Block> kept = new ArrayList<>();
        List<Cid> dropped = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Block block = raw(("block number " + i + " ").repeat(10).getBytes(StandardCharsets.UTF_8));
            store.put(block);
            if (i % 3 == 0) {
                kept.add(block);
            } else {
                dropped.add(block.cid());
            }
        }
        long packsBefore = packFiles().size();
        long storageBefore = store.stat().storageBytes();

        assertEquals(dropped.size(), store.deleteAll(dropped));

        assertTrue(packsBefore >= 4, "blocks of about 150 bytes fill several 1000-byte packs: " + packsBefore);
        assertTrue(packFiles().size() < packsBefore, packFiles() + " after deletes, " + packsBefore + " before");
        assertTrue(store.stat().storageBytes() < storageBefore);
        for (Block block : kept) {
            assertArrayEquals(block.data(), store.get(block.cid()).orElseThrow());
        }
        store.close();
        store = RocksBlockStore.open(repo, RocksBlockStore.Options.defaults(), 1000);
        for (Block block : kept) {
            assertArrayEquals(block.data(), store.get(block.cid()).orElseThrow());
        }
        assertEquals(kept.size(), store.stat().blockCount());
        assertEquals(new RepoVerification(kept.size(), 0), new RepoVerifier(store).verify(bad -> { }));
    }

    private List<Path> packFiles() throws IOException {
        try (Stream<Path> files = Files.list(repo.resolve("packs"))) {
            return files.sorted().toList();
        }
    }

    private Path onlyPack() throws IOException {
        List<Path> packs = packFiles();
        assertEquals(1, packs.size(), packs.toString());
        return packs.get(0);
    }

    /** Replaces {@code original} in the pack files, as a failing disk might. */
    private void overwriteInPacks(byte[] original, byte[] replacement) throws IOException {
        Path pack = onlyPack();
        byte[] bytes = Files.readAllBytes(pack);
        int at = indexOf(bytes, original);
        assertTrue(at >= 0, "the block's bytes are in the pack");
        System.arraycopy(replacement, 0, bytes, at, replacement.length);
        Files.write(pack, bytes);
    }

    private static int indexOf(byte[] bytes, byte[] wanted) {
        for (int i = 0; i + wanted.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
                return i;
            }
        }
        return -1;
    }
}

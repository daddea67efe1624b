package io.strata.blockstore;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.MultiformatException;
import io.strata.multiformats.Multihash;
import io.strata.multiformats.Varint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The embedded default {@link BlockStore}: one RocksDB database per repository directory, holding the
 * blocks, their CIDs and sizes, the pins ({@link #pinStore()}) and the repository's metadata.
 *
 * <p>Layout, one column family each: {@code blocks} maps a multihash to the block's bytes (large values go
 * to RocksDB blob files, so compaction does not rewrite them); {@code block-info} maps a multihash to
 * {@code varint(size) || CID of the last put}, so {@code has}, {@code size} and {@link #keys()} never read
 * block bytes; {@code pins} holds {@link RocksPinStore}'s records; {@code meta} holds the format version and
 * the exact block count and byte total, updated in the same atomic batch as every put and delete.
 *
 * <p>Durability: every write is one RocksDB write batch through the write-ahead log, so it is atomic.
 * With {@link Options#syncWrites()} (the default) the log is fsynced before the call returns: an
 * acknowledged write survives a process kill and a power loss. Without it the log is still written to
 * the operating system before the call returns, which survives a kill -9 of the process but not a crash
 * of the machine.
 *
 * <p>The repository is locked by RocksDB's {@code LOCK} file while open; a second open, from this or any
 * other process, fails with {@code REPO_LOCKED}.
 */
public final class RocksBlockStore implements BlockStore {

    /** Storage settings. */
    public record Options(boolean syncWrites) {

        /** fsync every write batch. */
        public static Options defaults() {
            return new Options(true);
        }
    }

    static final int FORMAT_VERSION = 1;

    private static final String BLOCKS = "blocks";
    private static final String BLOCK_INFO = "block-info";
    private static final String PINS = "pins";
    private static final String META = "meta";
    private static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STAT_KEY = "stat".getBytes(StandardCharsets.US_ASCII);
    private static final long MIN_BLOB_SIZE = 4096;

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final List<ColumnFamilyOptions> columnFamilyOptions;
    private final List<ColumnFamilyHandle> handles;
    private final ColumnFamilyHandle blocks;
    private final ColumnFamilyHandle blockInfo;
    private final ColumnFamilyHandle meta;
    private final WriteOptions writeOptions;
    private final RocksPinStore pinStore;
    /** Shared by every call, exclusive for close: no native handle is used after it is freed. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    /** Serialises writers so the block count and byte total stay exact. */
    private final ReentrantLock writer = new ReentrantLock();
    private final Set<RocksIterator> openIterators = ConcurrentHashMap.newKeySet();
    private long blockCount;
    private long totalBytes;
    private boolean closed;

    private RocksBlockStore(Path directory, RocksDB db, DBOptions dbOptions,
                            List<ColumnFamilyOptions> columnFamilyOptions, Map<String, ColumnFamilyHandle> byName,
                            List<ColumnFamilyHandle> handles, Options options) {
        this.directory = directory;
        this.db = db;
        this.dbOptions = dbOptions;
        this.columnFamilyOptions = columnFamilyOptions;
        this.handles = handles;
        this.blocks = byName.get(BLOCKS);
        this.blockInfo = byName.get(BLOCK_INFO);
        this.meta = byName.get(META);
        this.writeOptions = new WriteOptions().setSync(options.syncWrites()).setDisableWAL(false);
        this.pinStore = new RocksPinStore(this, byName.get(PINS));
    }

    /**
     * Opens (creating if needed) the repository in {@code directory}.
     *
     * @throws BlockStoreException {@code REPO_LOCKED} when another process or store has it open,
     *                             {@code REPO_INCOMPATIBLE} when it is not a repository of our format,
     *                             {@code IO} for any other storage failure
     */
    public static RocksBlockStore open(Path directory, Options options) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new BlockStoreException(BlockStoreException.Code.IO,
                    "cannot create the repository directory " + directory + ": " + e.getMessage(), e);
        }
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions plain = new ColumnFamilyOptions();
        ColumnFamilyOptions blockData = new ColumnFamilyOptions()
                .setEnableBlobFiles(true)
                .setMinBlobSize(MIN_BLOB_SIZE)
                .setEnableBlobGarbageCollection(true)
                .setBlobCompressionType(CompressionType.NO_COMPRESSION);
        List<String> names = List.of(new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.US_ASCII),
                BLOCKS, BLOCK_INFO, PINS, META);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String name : names) {
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII),
                    name.equals(BLOCKS) ? blockData : plain));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            dbOptions.close();
            plain.close();
            blockData.close();
            throw openFailure(directory, e);
        }
        Map<String, ColumnFamilyHandle> byName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.put(names.get(i), handles.get(i));
        }
        RocksBlockStore store = new RocksBlockStore(directory, db, dbOptions, List.of(plain, blockData), byName,
                handles, options);
        try {
            store.checkFormatAndLoadStat();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private static BlockStoreException openFailure(Path directory, RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("LOCK") || message.contains("lock hold")) {
            return new BlockStoreException(BlockStoreException.Code.REPO_LOCKED, "the repository " + directory
                    + " is locked: another Strata process (or another open store) is using it (" + message + ")", e);
        }
        if (message.contains("olumn famil")) {
            return new BlockStoreException(BlockStoreException.Code.REPO_INCOMPATIBLE, "the directory " + directory
                    + " holds a RocksDB database that is not a Strata repository (" + message + ")", e);
        }
        return new BlockStoreException(BlockStoreException.Code.IO,
                "cannot open the repository " + directory + ": " + message, e);
    }

    private void checkFormatAndLoadStat() {
        call(() -> {
            byte[] format = db.get(meta, FORMAT_KEY);
            if (format == null && !isEmpty()) {
                throw new BlockStoreException(BlockStoreException.Code.REPO_INCOMPATIBLE, "the directory "
                        + directory + " holds a RocksDB database without a Strata format record");
            }
            if (format == null) {
                try (WriteBatch batch = new WriteBatch()) {
                    batch.put(meta, FORMAT_KEY, Integer.toString(FORMAT_VERSION).getBytes(StandardCharsets.US_ASCII));
                    batch.put(meta, STAT_KEY, encodeStat(0, 0));
                    db.write(writeOptions, batch);
                }
            } else if (!Arrays.equals(format,
                    Integer.toString(FORMAT_VERSION).getBytes(StandardCharsets.US_ASCII))) {
                throw new BlockStoreException(BlockStoreException.Code.REPO_INCOMPATIBLE, "the repository "
                        + directory + " has format " + new String(format, StandardCharsets.US_ASCII)
                        + "; this version reads format " + FORMAT_VERSION);
            }
            byte[] stat = db.get(meta, STAT_KEY);
            if (stat == null || stat.length != 16) {
                throw new BlockStoreException(BlockStoreException.Code.CORRUPT,
                        "the repository " + directory + " lacks a valid block statistics record");
            }
            ByteBuffer buffer = ByteBuffer.wrap(stat);
            blockCount = buffer.getLong();
            totalBytes = buffer.getLong();
            return null;
        });
    }

    private boolean isEmpty() {
        for (ColumnFamilyHandle handle : handles) {
            try (RocksIterator iterator = db.newIterator(handle)) {
                iterator.seekToFirst();
                if (iterator.isValid()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The pins, stored in this repository; usable while this store is open. */
    public PinStore pinStore() {
        return pinStore;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void put(Block block) {
        Blocks.checkSize(block);
        write(List.of(block));
    }

    @Override
    public void putAll(Collection<Block> batch) {
        Blocks.checkSizes(batch);
        write(batch);
    }

    private void write(Collection<Block> batchBlocks) {
        call(() -> {
            writer.lock();
            try (WriteBatch batch = new WriteBatch()) {
                Map<Multihash, Boolean> written = new HashMap<>();
                long addedBlocks = 0;
                long addedBytes = 0;
                for (Block block : batchBlocks) {
                    if (Blocks.isIdentity(block.cid())) {
                        continue;
                    }
                    Multihash multihash = block.cid().multihash();
                    byte[] key = multihash.bytes();
                    byte[] info = encodeInfo(block.cid(), block.size());
                    boolean present = written.containsKey(multihash);
                    if (!present) {
                        byte[] existing = db.get(blockInfo, key);
                        present = existing != null;
                        if (Arrays.equals(existing, info)) {
                            continue;
                        }
                    }
                    batch.put(blockInfo, key, info);
                    if (!present) {
                        batch.put(blocks, key, block.data());
                        addedBlocks++;
                        addedBytes += block.size();
                    }
                    written.put(multihash, Boolean.TRUE);
                }
                commit(batch, addedBlocks, addedBytes);
                return null;
            } finally {
                writer.unlock();
            }
        });
    }

    private void commit(WriteBatch batch, long blockDelta, long byteDelta) throws RocksDBException {
        if (batch.count() == 0) {
            return;
        }
        batch.put(meta, STAT_KEY, encodeStat(blockCount + blockDelta, totalBytes + byteDelta));
        db.write(writeOptions, batch);
        blockCount += blockDelta;
        totalBytes += byteDelta;
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
        if (Blocks.isIdentity(cid)) {
            return Optional.of(cid.multihash().digest());
        }
        return call(() -> Optional.ofNullable(db.get(blocks, cid.multihash().bytes())));
    }

    @Override
    public boolean has(Cid cid) {
        return Blocks.isIdentity(cid) || call(() -> db.get(blockInfo, cid.multihash().bytes()) != null);
    }

    @Override
    public OptionalInt size(Cid cid) {
        if (Blocks.isIdentity(cid)) {
            return OptionalInt.of(cid.multihash().digestLength());
        }
        return call(() -> {
            byte[] info = db.get(blockInfo, cid.multihash().bytes());
            return info == null ? OptionalInt.empty() : OptionalInt.of((int) Varint.decode(info, 0).value());
        });
    }

    @Override
    public boolean delete(Cid cid) {
        return deleteAll(List.of(cid)) == 1;
    }

    @Override
    public int deleteAll(Collection<Cid> cids) {
        return call(() -> {
            writer.lock();
            try (WriteBatch batch = new WriteBatch()) {
                Map<Multihash, Boolean> deleted = new HashMap<>();
                long removedBytes = 0;
                for (Cid cid : cids) {
                    if (Blocks.isIdentity(cid) || deleted.containsKey(cid.multihash())) {
                        continue;
                    }
                    byte[] key = cid.multihash().bytes();
                    byte[] info = db.get(blockInfo, key);
                    if (info == null) {
                        continue;
                    }
                    batch.delete(blocks, key);
                    batch.delete(blockInfo, key);
                    removedBytes += Varint.decode(info, 0).value();
                    deleted.put(cid.multihash(), Boolean.TRUE);
                }
                commit(batch, -deleted.size(), -removedBytes);
                return deleted.size();
            } finally {
                writer.unlock();
            }
        });
    }

    @Override
    public Stream<Cid> keys() {
        return iterate(blockInfo, (key, value) -> decodeInfoCid(key, value));
    }

    @Override
    public BlockStoreStat stat() {
        return call(() -> {
            long storage = db.getAggregatedLongProperty("rocksdb.total-sst-files-size")
                    + db.getAggregatedLongProperty("rocksdb.total-blob-file-size");
            writer.lock();
            try {
                return new BlockStoreStat(blockCount, totalBytes, storage);
            } finally {
                writer.unlock();
            }
        });
    }

    /** Flushes the memtables (so the next open need not replay the log), then frees everything. Idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            openIterators.forEach(RocksIterator::close);
            openIterators.clear();
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush, handles);
            } catch (RocksDBException e) {
                // The write-ahead log still holds everything; the next open replays it.
            }
            handles.forEach(ColumnFamilyHandle::close);
            try {
                db.closeE();
            } catch (RocksDBException e) {
                throw new BlockStoreException(BlockStoreException.Code.IO,
                        "closing the repository " + directory + " failed: " + e.getMessage(), e);
            } finally {
                writeOptions.close();
                dbOptions.close();
                columnFamilyOptions.forEach(ColumnFamilyOptions::close);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** A RocksDB action for {@link #call}. */
    @FunctionalInterface
    interface RocksAction<T> {
        T run() throws RocksDBException;
    }

    /** Runs {@code action} while the database is open, turning RocksDB failures into {@code IO}. */
    <T> T call(RocksAction<T> action) {
        lifecycle.readLock().lock();
        try {
            Blocks.checkOpen(closed);
            return action.run();
        } catch (RocksDBException e) {
            throw new BlockStoreException(BlockStoreException.Code.IO,
                    "RocksDB failed in " + directory + ": " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Runs a write batch built by the pin store. */
    void write(WriteBatch batch) throws RocksDBException {
        db.write(writeOptions, batch);
    }

    RocksDB db() {
        return db;
    }

    /** A decoder of one column family entry for {@link #iterate}. */
    @FunctionalInterface
    interface EntryDecoder<T> {
        T decode(byte[] key, byte[] value);
    }

    /** Streams a column family from a consistent snapshot taken at the call. */
    <T> Stream<T> iterate(ColumnFamilyHandle family, EntryDecoder<T> decoder) {
        RocksIterator iterator = call(() -> {
            RocksIterator created = db.newIterator(family);
            created.seekToFirst();
            openIterators.add(created);
            return created;
        });
        Spliterator<T> spliterator = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.NONNULL | Spliterator.DISTINCT) {
            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                T next = call(() -> {
                    if (!iterator.isValid()) {
                        iterator.status();
                        return null;
                    }
                    T decoded = decoder.decode(iterator.key(), iterator.value());
                    iterator.next();
                    return decoded;
                });
                if (next == null) {
                    return false;
                }
                action.accept(next);
                return true;
            }
        };
        return StreamSupport.stream(spliterator, false).onClose(() -> {
            lifecycle.readLock().lock();
            try {
                if (openIterators.remove(iterator)) {
                    iterator.close();
                }
            } finally {
                lifecycle.readLock().unlock();
            }
        });
    }

    private static byte[] encodeInfo(Cid cid, int size) {
        byte[] info = new byte[Varint.encodedLength(size) + cid.length()];
        int position = Varint.write(size, info, 0);
        cid.writeTo(info, position);
        return info;
    }

    private Cid decodeInfoCid(byte[] key, byte[] info) {
        try {
            Varint.Decoded size = Varint.decode(info, 0);
            return Cid.fromBytes(Arrays.copyOfRange(info, size.length(), info.length));
        } catch (MultiformatException e) {
            throw new BlockStoreException(BlockStoreException.Code.CORRUPT, "the record of block "
                    + Multihash.fromBytes(key) + " in " + directory + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static byte[] encodeStat(long count, long bytes) {
        return ByteBuffer.allocate(16).putLong(count).putLong(bytes).array();
    }
}

package io.strata.blockstore;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.MultiformatException;
import io.strata.multiformats.Multihash;
import io.strata.multiformats.Varint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
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
import java.util.HashSet;
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
 * <p>Block bytes live outside RocksDB, appended to pack files ({@link PackFiles}, in {@code packs/}), so each
 * byte is written once: through RocksDB it would be copied into the write-ahead log, the memtable and then a
 * blob file, which cost the add path more than six times the CPU of a plain append.
 *
 * <p>Layout, one column family each: {@code blocks} maps a multihash to where its bytes are (pack, offset,
 * length); {@code block-info} maps a multihash to {@code varint(size) || CID of the last put}, so {@code has},
 * {@code size} and {@link #keys()} never read block bytes; {@code pins} holds {@link RocksPinStore}'s records;
 * {@code meta} holds the format version, the exact block count and byte total, and the live bytes of every
 * pack, updated in the same atomic batch as every put and delete. A pack whose live bytes fall below half its
 * size after a delete has its remaining blocks moved to the active pack and is removed.
 *
 * <p>Durability: a write appends the new blocks' bytes to the active pack, then commits their locations in
 * one RocksDB write batch through the write-ahead log, so it is atomic: a crash in between leaves unindexed
 * bytes at the pack's end, which are never read and are overwritten. With {@link Options#syncWrites()} (the
 * default) the pack and then the log are fsynced before the call returns: an acknowledged write survives a
 * process kill and a power loss. Without it both are still written to the operating system before the call
 * returns, which survives a kill -9 of the process but not a crash of the machine.
 *
 * <p>The repository is locked by RocksDB's {@code LOCK} file while open; a second open, from this or any
 * other process, fails with {@code REPO_LOCKED}.
 */
public final class RocksBlockStore implements BlockStore {

    /**
     * Storage settings.
     *
     * @param syncWrites fsync every write batch
     * @param directIo   read and write pack files past the page cache where the file system allows it
     */
    public record Options(boolean syncWrites, boolean directIo) {

        /** fsync every write batch, direct I/O. */
        public static Options defaults() {
            return new Options(true, true);
        }
    }

    static final int FORMAT_VERSION = 2;

    private static final String BLOCKS = "blocks";
    private static final String BLOCK_INFO = "block-info";
    private static final String PINS = "pins";
    private static final String META = "meta";
    private static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STAT_KEY = "stat".getBytes(StandardCharsets.US_ASCII);
    private static final String PACK_LIVE_PREFIX = "pack-live/";
    private static final long TARGET_PACK_BYTES = 256L * 1024 * 1024;
    /** Bytes moved per write batch when a sparse pack is emptied into the active one. */
    private static final long MOVE_BATCH_BYTES = 8L * 1024 * 1024;

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
    private final boolean syncWrites;
    private final PackFiles packs;
    private final RocksPinStore pinStore;
    /** Shared by every call, exclusive for close: no native handle is used after it is freed. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    /** Serialises writers so the block count and byte total stay exact and pack appends never interleave. */
    private final ReentrantLock writer = new ReentrantLock();
    /** Shared by every read of pack bytes, exclusive for removing a pack: no read finds its file gone. */
    private final ReentrantReadWriteLock packRemoval = new ReentrantReadWriteLock();
    /** Per pack, the bytes of the blocks indexed in it; guarded by {@link #writer}. */
    private final Map<Integer, Long> livePackBytes = new HashMap<>();
    private final Set<RocksIterator> openIterators = ConcurrentHashMap.newKeySet();
    private long blockCount;
    private long totalBytes;
    private boolean closed;

    private RocksBlockStore(Path directory, RocksDB db, DBOptions dbOptions,
                            List<ColumnFamilyOptions> columnFamilyOptions, Map<String, ColumnFamilyHandle> byName,
                            List<ColumnFamilyHandle> handles, PackFiles packs, Options options) {
        this.directory = directory;
        this.db = db;
        this.dbOptions = dbOptions;
        this.columnFamilyOptions = columnFamilyOptions;
        this.handles = handles;
        this.blocks = byName.get(BLOCKS);
        this.blockInfo = byName.get(BLOCK_INFO);
        this.meta = byName.get(META);
        this.writeOptions = new WriteOptions().setSync(options.syncWrites()).setDisableWAL(false);
        this.syncWrites = options.syncWrites();
        this.packs = packs;
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
        return open(directory, options, TARGET_PACK_BYTES);
    }

    /** As {@link #open(Path, Options)}, starting a new pack once the active one holds {@code targetPackBytes}. */
    static RocksBlockStore open(Path directory, Options options, long targetPackBytes) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new BlockStoreException(BlockStoreException.Code.IO,
                    "cannot create the repository directory " + directory + ": " + e.getMessage(), e);
        }
        refuseForeignDatabase(directory);
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions plain = new ColumnFamilyOptions();
        List<String> names = List.of(new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.US_ASCII),
                BLOCKS, BLOCK_INFO, PINS, META);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String name : names) {
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII), plain));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            dbOptions.close();
            plain.close();
            throw openFailure(directory, e);
        }
        PackFiles packs;
        try {
            packs = new PackFiles(directory.resolve("packs"), targetPackBytes, options.directIo());
        } catch (IOException e) {
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            dbOptions.close();
            plain.close();
            throw new BlockStoreException(BlockStoreException.Code.IO,
                    "cannot open the pack files in " + directory + ": " + e.getMessage(), e);
        }
        Map<String, ColumnFamilyHandle> byName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.put(names.get(i), handles.get(i));
        }
        RocksBlockStore store = new RocksBlockStore(directory, db, dbOptions, List.of(plain), byName,
                handles, packs, options);
        try {
            store.checkFormatAndLoadStat();
            store.loadPackLiveBytesAndDropEmptyPacks();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Checked before opening, since opening adds our column families to whatever database is there. */
    private static void refuseForeignDatabase(Path directory) {
        if (!Files.exists(directory.resolve("CURRENT"))) {
            return;
        }
        List<String> families = new ArrayList<>();
        try (org.rocksdb.Options options = new org.rocksdb.Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(options, directory.toString())) {
                families.add(new String(name, StandardCharsets.US_ASCII));
            }
        } catch (RocksDBException e) {
            throw new BlockStoreException(BlockStoreException.Code.IO,
                    "cannot read the database in " + directory + ": " + e.getMessage(), e);
        }
        if (!families.contains(META)) {
            throw new BlockStoreException(BlockStoreException.Code.REPO_INCOMPATIBLE, "the directory " + directory
                    + " holds a RocksDB database that is not a Strata repository (column families " + families + ")");
        }
    }

    private static BlockStoreException openFailure(Path directory, RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("While lock file") || message.contains("lock hold by current process")) {
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

    /** Removes packs nothing points into: left by a crash between emptying a pack and deleting it. */
    private void loadPackLiveBytesAndDropEmptyPacks() {
        call(() -> {
            byte[] prefix = PACK_LIVE_PREFIX.getBytes(StandardCharsets.US_ASCII);
            try (RocksIterator iterator = db.newIterator(meta)) {
                for (iterator.seek(prefix); iterator.isValid(); iterator.next()) {
                    byte[] key = iterator.key();
                    if (!startsWith(key, prefix)) {
                        break;
                    }
                    int pack = Integer.parseInt(new String(key, prefix.length, key.length - prefix.length,
                            StandardCharsets.US_ASCII));
                    livePackBytes.put(pack, ByteBuffer.wrap(iterator.value()).getLong());
                }
                iterator.status();
            }
            for (int pack : packs.packs()) {
                if (pack != packs.activePack() && livePackBytes.getOrDefault(pack, 0L) == 0) {
                    packs.delete(pack);
                }
            }
            return null;
        });
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
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

    /** Whether pack files bypass the page cache: asked for, and allowed by the file system. */
    public boolean directIo() {
        return packs.directIo();
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
                Map<Multihash, Integer> storedSizes = new HashMap<>();
                List<byte[]> newKeys = new ArrayList<>();
                List<byte[]> newData = new ArrayList<>();
                long addedBlocks = 0;
                long addedBytes = 0;
                for (Block block : batchBlocks) {
                    if (Blocks.isIdentity(block.cid())) {
                        continue;
                    }
                    Multihash multihash = block.cid().multihash();
                    byte[] key = multihash.bytes();
                    Integer storedSize = storedSizes.get(multihash);
                    if (storedSize == null) {
                        byte[] existing = db.get(blockInfo, key);
                        if (existing != null) {
                            storedSize = (int) Varint.decode(existing, 0).value();
                            if (Arrays.equals(existing, encodeInfo(block.cid(), storedSize))) {
                                continue;
                            }
                        }
                    }
                    if (storedSize == null) {
                        newKeys.add(key);
                        newData.add(block.data());
                        storedSize = block.size();
                        addedBlocks++;
                        addedBytes += storedSize;
                    }
                    batch.put(blockInfo, key, encodeInfo(block.cid(), storedSize));
                    storedSizes.put(multihash, storedSize);
                }
                Map<Integer, Long> liveDeltas = new HashMap<>();
                if (!newData.isEmpty()) {
                    List<PackFiles.Location> locations = packs.append(newData, syncWrites);
                    for (int i = 0; i < locations.size(); i++) {
                        PackFiles.Location location = locations.get(i);
                        batch.put(blocks, newKeys.get(i), location.encode());
                        liveDeltas.merge(location.pack(), (long) location.length(), Long::sum);
                    }
                }
                putLiveBytes(batch, liveDeltas);
                commit(batch, addedBlocks, addedBytes);
                applyLiveBytes(liveDeltas);
                return null;
            } finally {
                writer.unlock();
            }
        });
    }

    private void putLiveBytes(WriteBatch batch, Map<Integer, Long> deltas) throws RocksDBException {
        for (Map.Entry<Integer, Long> delta : deltas.entrySet()) {
            long live = livePackBytes.getOrDefault(delta.getKey(), 0L) + delta.getValue();
            byte[] key = packLiveKey(delta.getKey());
            if (live == 0) {
                batch.delete(meta, key);
            } else {
                batch.put(meta, key, ByteBuffer.allocate(Long.BYTES).putLong(live).array());
            }
        }
    }

    private void applyLiveBytes(Map<Integer, Long> deltas) {
        deltas.forEach((pack, delta) -> {
            long live = livePackBytes.getOrDefault(pack, 0L) + delta;
            if (live == 0) {
                livePackBytes.remove(pack);
            } else {
                livePackBytes.put(pack, live);
            }
        });
    }

    private static byte[] packLiveKey(int pack) {
        return (PACK_LIVE_PREFIX + pack).getBytes(StandardCharsets.US_ASCII);
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
        return call(() -> {
            packRemoval.readLock().lock();
            try {
                byte[] key = cid.multihash().bytes();
                byte[] encoded = db.get(blocks, key);
                if (encoded == null) {
                    return Optional.empty();
                }
                PackFiles.Location location = location(key, encoded);
                byte[] data = packs.read(location);
                if (data == null) {
                    throw new BlockStoreException(BlockStoreException.Code.CORRUPT, "the bytes of block "
                            + Multihash.fromBytes(key) + " are missing: pack " + location.pack() + " in "
                            + directory + " ends before offset " + (location.offset() + location.length()));
                }
                return Optional.of(data);
            } finally {
                packRemoval.readLock().unlock();
            }
        });
    }

    private PackFiles.Location location(byte[] key, byte[] encoded) {
        PackFiles.Location location = PackFiles.Location.decode(encoded);
        if (location == null) {
            throw new BlockStoreException(BlockStoreException.Code.CORRUPT, "the location record of block "
                    + Multihash.fromBytes(key) + " in " + directory + " is unreadable");
        }
        return location;
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
                Set<Multihash> deleted = new HashSet<>();
                Map<Integer, Long> liveDeltas = new HashMap<>();
                long removedBytes = 0;
                for (Cid cid : cids) {
                    if (Blocks.isIdentity(cid) || deleted.contains(cid.multihash())) {
                        continue;
                    }
                    byte[] key = cid.multihash().bytes();
                    byte[] info = db.get(blockInfo, key);
                    if (info == null) {
                        continue;
                    }
                    byte[] encoded = db.get(blocks, key);
                    if (encoded != null) {
                        PackFiles.Location location = location(key, encoded);
                        liveDeltas.merge(location.pack(), (long) -location.length(), Long::sum);
                    }
                    batch.delete(blocks, key);
                    batch.delete(blockInfo, key);
                    removedBytes += Varint.decode(info, 0).value();
                    deleted.add(cid.multihash());
                }
                putLiveBytes(batch, liveDeltas);
                commit(batch, -deleted.size(), -removedBytes);
                applyLiveBytes(liveDeltas);
                for (int pack : liveDeltas.keySet()) {
                    reclaimIfSparse(pack);
                }
                return deleted.size();
            } finally {
                writer.unlock();
            }
        });
    }

    /**
     * Empties a pack (never the active one) whose live bytes are below half its size into the active pack and
     * removes it. A block whose bytes cannot be read stays where it is, with its pack, for repo verify to report.
     */
    private void reclaimIfSparse(int pack) throws RocksDBException, IOException {
        if (pack == packs.activePack() || !packs.packs().contains(pack)
                || livePackBytes.getOrDefault(pack, 0L) * 2 >= packs.size(pack)) {
            return;
        }
        List<byte[]> keys = new ArrayList<>();
        List<PackFiles.Location> locations = new ArrayList<>();
        try (RocksIterator iterator = db.newIterator(blocks)) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                PackFiles.Location location = PackFiles.Location.decode(iterator.value());
                if (location != null && location.pack() == pack) {
                    keys.add(iterator.key());
                    locations.add(location);
                }
            }
            iterator.status();
        }
        int next = 0;
        while (next < keys.size()) {
            List<byte[]> data = new ArrayList<>();
            long bytes = 0;
            int first = next;
            while (next < keys.size() && (data.isEmpty() || bytes < MOVE_BATCH_BYTES)) {
                byte[] read = packs.read(locations.get(next));
                if (read == null) {
                    return;
                }
                data.add(read);
                bytes += read.length;
                next++;
            }
            List<PackFiles.Location> moved = packs.append(data, syncWrites);
            Map<Integer, Long> liveDeltas = new HashMap<>();
            try (WriteBatch batch = new WriteBatch()) {
                for (int i = 0; i < moved.size(); i++) {
                    batch.put(blocks, keys.get(first + i), moved.get(i).encode());
                    liveDeltas.merge(moved.get(i).pack(), (long) moved.get(i).length(), Long::sum);
                    liveDeltas.merge(pack, (long) -moved.get(i).length(), Long::sum);
                }
                putLiveBytes(batch, liveDeltas);
                db.write(writeOptions, batch);
            }
            applyLiveBytes(liveDeltas);
        }
        packRemoval.writeLock().lock();
        try {
            packs.delete(pack);
        } finally {
            packRemoval.writeLock().unlock();
        }
    }

    @Override
    public Stream<Cid> keys() {
        return iterate(blockInfo, (key, value) -> decodeInfoCid(key, value));
    }

    /** Reads {@code block-info}, which holds each block's CID under the same multihash key as {@code blocks}. */
    @Override
    public KeyPage keyPage(Cid after, int limit) {
        Blocks.checkPageLimit(limit);
        return call(() -> {
            List<Cid> page = new ArrayList<>(Math.min(limit, 1024));
            try (RocksIterator iterator = db.newIterator(blockInfo)) {
                if (after == null) {
                    iterator.seekToFirst();
                } else {
                    byte[] start = after.multihash().bytes();
                    iterator.seek(start);
                    if (iterator.isValid() && Arrays.equals(iterator.key(), start)) {
                        iterator.next();
                    }
                }
                for (; iterator.isValid(); iterator.next()) {
                    if (page.size() == limit) {
                        return new KeyPage(page, true);
                    }
                    page.add(decodeInfoCid(iterator.key(), iterator.value()));
                }
                iterator.status();
            }
            return new KeyPage(page, false);
        });
    }

    @Override
    public BlockStoreStat stat() {
        return call(() -> {
            long storage = db.getAggregatedLongProperty("rocksdb.total-sst-files-size");
            packRemoval.readLock().lock();
            try {
                storage += packs.totalBytes();
            } finally {
                packRemoval.readLock().unlock();
            }
            writer.lock();
            try {
                return new BlockStoreStat(blockCount, totalBytes, storage);
            } finally {
                writer.unlock();
            }
        });
    }

    /** RocksDB's own figures an operator watches, summed over the column families (see {@link EngineProperty}). */
    public java.util.Map<EngineProperty, Long> engineProperties() {
        return call(() -> {
            java.util.Map<EngineProperty, Long> values = new java.util.EnumMap<>(EngineProperty.class);
            for (EngineProperty property : EngineProperty.values()) {
                values.put(property, db.getAggregatedLongProperty(property.rocksName()));
            }
            return values;
        });
    }

    /** RocksDB properties exported as metrics, with the name RocksDB knows them by. */
    public enum EngineProperty {
        /** Bytes in active and immutable memtables (write buffers not flushed yet). */
        MEMTABLE_BYTES("rocksdb.cur-size-all-mem-tables"),
        /** Bytes of SST files of the current version. */
        LIVE_SST_BYTES("rocksdb.live-sst-files-size"),
        /** Bytes compaction still has to rewrite to reach the level targets; a growing value means it lags. */
        PENDING_COMPACTION_BYTES("rocksdb.estimate-pending-compaction-bytes"),
        RUNNING_COMPACTIONS("rocksdb.num-running-compactions"),
        RUNNING_FLUSHES("rocksdb.num-running-flushes"),
        ESTIMATED_KEYS("rocksdb.estimate-num-keys");

        private final String rocksName;

        EngineProperty(String rocksName) {
            this.rocksName = rocksName;
        }

        public String rocksName() {
            return rocksName;
        }
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
                closePacks();
                writeOptions.close();
                dbOptions.close();
                columnFamilyOptions.forEach(ColumnFamilyOptions::close);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void closePacks() {
        try {
            packs.close();
        } catch (IOException e) {
            throw new BlockStoreException(BlockStoreException.Code.IO,
                    "closing the pack files of " + directory + " failed: " + e.getMessage(), e);
        }
    }

    /** A storage action for {@link #call}. */
    @FunctionalInterface
    interface RocksAction<T> {
        T run() throws RocksDBException, IOException;
    }

    /** Runs {@code action} while the database is open, turning RocksDB and file failures into {@code IO}. */
    <T> T call(RocksAction<T> action) {
        lifecycle.readLock().lock();
        try {
            Blocks.checkOpen(closed);
            return action.run();
        } catch (RocksDBException e) {
            throw new BlockStoreException(BlockStoreException.Code.IO,
                    "RocksDB failed in " + directory + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BlockStoreException(BlockStoreException.Code.IO,
                    "reading or writing the pack files in " + directory + " failed: " + e.getMessage(), e);
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

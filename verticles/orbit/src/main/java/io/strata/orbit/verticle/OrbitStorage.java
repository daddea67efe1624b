package io.strata.orbit.verticle;

import io.strata.ipld.Block;
import io.strata.ipld.codec.DagCbor;
import io.strata.multiformats.Cid;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The orbit verticle's RocksDB: the blocks of every open database (entries, identities, manifests, access
 * controller manifests) by CID; for each database its record (manifest CID and options), heads, which
 * entries belong to its log, its latest index snapshot and the journal of entries joined since that
 * snapshot; and this node's identity keys. New entries, heads, journal rows and snapshots of one database
 * are written in one atomic batch. Blocking and thread-safe (RocksDB is): callers run it on worker threads.
 */
final class OrbitStorage implements AutoCloseable {

    /** A database this node has opened: its manifest's CID and the documents store's options. */
    record DatabaseRecord(Cid manifest, String indexBy, List<String> indexedFields) {
    }

    private static final byte[] BLOCK = prefix("block:");
    private static final byte[] DATABASE = prefix("db:");
    private static final byte[] HEADS = prefix("heads:");
    private static final byte[] MEMBER = prefix("member:");
    private static final byte[] JOURNAL = prefix("journal:");
    private static final byte[] SNAPSHOT = prefix("snapshot:");
    private static final byte[] IDENTITY_KEYS = prefix("identity-keys");
    private static final byte SEPARATOR = 0;

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final RocksDB db;
    private final WriteOptions writeOptions;

    private OrbitStorage(Options options, RocksDB db, WriteOptions writeOptions) {
        this.options = options;
        this.db = db;
        this.writeOptions = writeOptions;
    }

    static OrbitStorage open(Path directory, boolean syncWrites) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        Options options = new Options().setCreateIfMissing(true);
        try {
            return new OrbitStorage(options, RocksDB.open(options, directory.toString()),
                    new WriteOptions().setSync(syncWrites));
        } catch (RocksDBException e) {
            options.close();
            throw new IllegalStateException("cannot open the orbit database at " + directory + ": " + e.getMessage(), e);
        }
    }

    private static byte[] prefix(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] key(byte[] prefix, byte[] suffix) {
        byte[] key = Arrays.copyOf(prefix, prefix.length + suffix.length);
        System.arraycopy(suffix, 0, key, prefix.length, suffix.length);
        return key;
    }

    private static byte[] key(byte[] prefix, String suffix) {
        return key(prefix, suffix.getBytes(StandardCharsets.UTF_8));
    }

    Optional<byte[]> block(Cid cid) {
        return get(key(BLOCK, cid.toV1().bytes()));
    }

    void putBlocks(Collection<Block> blocks) {
        try (WriteBatch batch = new WriteBatch()) {
            for (Block block : blocks) {
                batch.put(key(BLOCK, block.cid().toV1().bytes()), block.data());
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write orbit blocks: " + e.getMessage(), e);
        }
    }

    /**
     * Stores entries new to a database's log and the heads they lead to, in one atomic write, with either a
     * journal row listing them (under {@code logSize}, the log's size after them, so rows sort in the order
     * they were written) or, when {@code snapshot} is given, that snapshot of the index as of these heads in
     * place of the journal, which it then covers.
     */
    void putEntries(String address, Collection<Block> entries, List<Cid> heads, long logSize, byte[] snapshot) {
        try (WriteBatch batch = new WriteBatch()) {
            ByteArrayOutputStream journalRow = new ByteArrayOutputStream();
            for (Block block : entries) {
                byte[] cid = block.cid().toV1().bytes();
                batch.put(key(BLOCK, cid), block.data());
                batch.put(key(scope(MEMBER, address), cid), new byte[0]);
                journalRow.writeBytes(cid);
            }
            batch.put(key(HEADS, address), DagCbor.encode(List.<Object>copyOf(heads)));
            if (snapshot == null) {
                batch.put(key(scope(JOURNAL, address), ByteBuffer.allocate(Long.BYTES).putLong(logSize).array()), journalRow.toByteArray());
            } else {
                batch.put(key(SNAPSHOT, address), snapshot);
                byte[] journal = scope(JOURNAL, address);
                batch.deleteRange(journal, end(journal));
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write entries of " + address + ": " + e.getMessage(), e);
        }
    }

    /** Replaces a database's journal by a snapshot of its index as of its persisted heads. */
    void putSnapshot(String address, byte[] snapshot) {
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(key(SNAPSHOT, address), snapshot);
            byte[] journal = scope(JOURNAL, address);
            batch.deleteRange(journal, end(journal));
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write the snapshot of " + address + ": " + e.getMessage(), e);
        }
    }

    Optional<byte[]> snapshot(String address) {
        return get(key(SNAPSHOT, address));
    }

    /** The entries a database's log gained since its snapshot, in the order they were written. */
    List<Cid> journal(String address) {
        byte[] journal = scope(JOURNAL, address);
        List<Cid> cids = new ArrayList<>();
        try (RocksIterator iterator = db.newIterator()) {
            for (iterator.seek(journal); iterator.isValid() && startsWith(iterator.key(), journal); iterator.next()) {
                byte[] row = iterator.value();
                for (int offset = 0; offset < row.length; ) {
                    Cid cid = Cid.read(row, offset);
                    cids.add(cid);
                    offset += cid.length();
                }
            }
        }
        return cids;
    }

    /** The block of an entry of this database's log; empty for blocks other logs (or nothing) hold. */
    Optional<byte[]> entry(String address, Cid cid) {
        byte[] bytes = cid.toV1().bytes();
        return get(key(scope(MEMBER, address), bytes)).isPresent() ? get(key(BLOCK, bytes)) : Optional.empty();
    }

    /** {@code prefix}, the address and a separator: the key space of one database's rows. */
    private static byte[] scope(byte[] prefix, String address) {
        return key(key(prefix, address), new byte[] {SEPARATOR});
    }

    /** The first key after every key starting with {@code prefix} (which ends with the separator 0). */
    private static byte[] end(byte[] prefix) {
        byte[] end = prefix.clone();
        end[end.length - 1] = SEPARATOR + 1;
        return end;
    }

    List<Cid> heads(String address) {
        return get(key(HEADS, address)).map(bytes -> ((List<?>) DagCbor.decode(bytes)).stream()
                .map(Cid.class::cast).toList()).orElse(List.of());
    }

    void putDatabase(String address, DatabaseRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("manifest", record.manifest());
        fields.put("indexBy", record.indexBy());
        fields.put("indexedFields", List.<Object>copyOf(record.indexedFields()));
        put(key(DATABASE, address), DagCbor.encode(fields));
    }

    Map<String, DatabaseRecord> databases() {
        Map<String, DatabaseRecord> databases = new LinkedHashMap<>();
        try (RocksIterator iterator = db.newIterator()) {
            for (iterator.seek(DATABASE); iterator.isValid() && startsWith(iterator.key(), DATABASE); iterator.next()) {
                String address = new String(iterator.key(), DATABASE.length, iterator.key().length - DATABASE.length,
                        StandardCharsets.UTF_8);
                Map<?, ?> fields = (Map<?, ?>) DagCbor.decode(iterator.value());
                databases.put(address, new DatabaseRecord((Cid) fields.get("manifest"), (String) fields.get("indexBy"),
                        ((List<?>) fields.get("indexedFields")).stream().map(String.class::cast).toList()));
            }
        }
        return databases;
    }

    /**
     * Forgets a database: its record, heads, log membership, journal and snapshot (its blocks may be shared
     * with others and stay).
     */
    void dropDatabase(String address) {
        try (WriteBatch batch = new WriteBatch()) {
            batch.delete(key(DATABASE, address));
            batch.delete(key(HEADS, address));
            batch.delete(key(SNAPSHOT, address));
            for (byte[] scoped : List.of(scope(MEMBER, address), scope(JOURNAL, address))) {
                batch.deleteRange(scoped, end(scoped));
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot drop " + address + ": " + e.getMessage(), e);
        }
    }

    /** This node's identity keys: the raw owner and signing secp256k1 private keys. */
    Optional<List<byte[]>> identityKeys() {
        return get(IDENTITY_KEYS).map(bytes -> ((List<?>) DagCbor.decode(bytes)).stream()
                .map(byte[].class::cast).toList());
    }

    void putIdentityKeys(byte[] owner, byte[] signing) {
        put(IDENTITY_KEYS, DagCbor.encode(List.of(owner, signing)));
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private Optional<byte[]> get(byte[] key) {
        try {
            return Optional.ofNullable(db.get(key));
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read the orbit database: " + e.getMessage(), e);
        }
    }

    private void put(byte[] key, byte[] value) {
        try {
            db.put(writeOptions, key, value);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write the orbit database: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        writeOptions.close();
        db.close();
        options.close();
    }
}

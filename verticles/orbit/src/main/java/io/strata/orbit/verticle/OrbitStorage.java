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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The orbit verticle's RocksDB: the blocks of every open database (entries, identities, manifests, access
 * controller manifests) by CID, each database's record (manifest CID and options) and heads, and this node's
 * identity keys. Blocking and thread-safe (RocksDB is): callers run it on worker threads.
 */
final class OrbitStorage implements AutoCloseable {

    /** A database this node has opened: its manifest's CID and the documents store's key field. */
    record DatabaseRecord(Cid manifest, String indexBy) {
    }

    private static final byte[] BLOCK = prefix("block:");
    private static final byte[] DATABASE = prefix("db:");
    private static final byte[] HEADS = prefix("heads:");
    private static final byte[] IDENTITY_KEYS = prefix("identity-keys");

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

    /** Stores new entry blocks and the heads they lead to in one atomic write. */
    void putEntries(String address, Collection<Block> entries, List<Cid> heads) {
        try (WriteBatch batch = new WriteBatch()) {
            for (Block block : entries) {
                batch.put(key(BLOCK, block.cid().toV1().bytes()), block.data());
            }
            batch.put(key(HEADS, address), DagCbor.encode(List.<Object>copyOf(heads)));
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write entries of " + address + ": " + e.getMessage(), e);
        }
    }

    List<Cid> heads(String address) {
        return get(key(HEADS, address)).map(bytes -> ((List<?>) DagCbor.decode(bytes)).stream()
                .map(Cid.class::cast).toList()).orElse(List.of());
    }

    void putDatabase(String address, DatabaseRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("manifest", record.manifest());
        fields.put("indexBy", record.indexBy());
        put(key(DATABASE, address), DagCbor.encode(fields));
    }

    Map<String, DatabaseRecord> databases() {
        Map<String, DatabaseRecord> databases = new LinkedHashMap<>();
        try (RocksIterator iterator = db.newIterator()) {
            for (iterator.seek(DATABASE); iterator.isValid() && startsWith(iterator.key(), DATABASE); iterator.next()) {
                String address = new String(iterator.key(), DATABASE.length, iterator.key().length - DATABASE.length,
                        StandardCharsets.UTF_8);
                Map<?, ?> fields = (Map<?, ?>) DagCbor.decode(iterator.value());
                databases.put(address, new DatabaseRecord((Cid) fields.get("manifest"), (String) fields.get("indexBy")));
            }
        }
        return databases;
    }

    /** Forgets a database: its record and heads (its blocks may be shared with others and stay). */
    void dropDatabase(String address) {
        try (WriteBatch batch = new WriteBatch()) {
            batch.delete(key(DATABASE, address));
            batch.delete(key(HEADS, address));
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

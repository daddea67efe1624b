package io.strata.blockstore.verticle;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The block store verticle's configuration (the {@code blockstore:} section of strata.yaml, documented in
 * conf/README.md).
 *
 * @param directory  where the RocksDB store lives (the repository's {@code blocks/} directory)
 * @param syncWrites fsync every write before acknowledging it, so an acknowledged block survives a crash
 *                   of the machine, not only of the process
 * @param directIo   read and write block bytes past the operating system's page cache where the file system
 *                   allows it (see {@code PackFiles})
 * @param workerThreads threads for block reads and writes (whole-store walks have two more of their own)
 */
public record BlockStoreConfig(Path directory, boolean syncWrites, boolean directIo, int workerThreads) {

    public static final String DIRECTORY = "directory";
    public static final String SYNC_WRITES = "syncWrites";
    public static final String DIRECT_IO = "directIo";
    public static final String WORKER_THREADS = "workerThreads";
    public static final int DEFAULT_WORKER_THREADS = 8;

    public BlockStoreConfig {
        Objects.requireNonNull(directory, "directory");
        if (workerThreads < 1) {
            throw new IllegalArgumentException("blockstore workerThreads must be at least 1, got " + workerThreads);
        }
    }

    /** Reads the verticle's deployment config; {@code directory} is required. */
    public static BlockStoreConfig from(JsonObject json) {
        String directory = json.getString(DIRECTORY);
        if (directory == null || directory.isBlank()) {
            throw new IllegalArgumentException("blockstore config needs a '" + DIRECTORY + "'");
        }
        return new BlockStoreConfig(Path.of(directory), json.getBoolean(SYNC_WRITES, true),
                json.getBoolean(DIRECT_IO, true),
                json.getInteger(WORKER_THREADS, DEFAULT_WORKER_THREADS));
    }

    public JsonObject toJson() {
        return new JsonObject().put(DIRECTORY, directory.toString()).put(SYNC_WRITES, syncWrites)
                .put(DIRECT_IO, directIo)
                .put(WORKER_THREADS, workerThreads);
    }
}

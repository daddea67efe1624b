package io.strata.ipld.unixfs;

import io.strata.ipld.Block;
import io.strata.ipld.BlockSink;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.MultiformatException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parallel leaf pipeline: bounded read-ahead, determinism whatever the threads, failures. */
class UnixFsImporterPipelineTest {

    /** A deterministic stream of {@code size} bytes that never exists in memory as a whole. */
    private static final class GeneratedStream extends InputStream {
        private final long size;
        private long position;

        GeneratedStream(long size) {
            this.size = size;
        }

        long position() {
            return position;
        }

        @Override
        public int read() {
            return position < size ? value(position++) : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int count = (int) Math.min(length, size - position);
            for (int i = 0; i < count; i++) {
                target[offset + i] = (byte) value(position++);
            }
            return count;
        }

        private static int value(long index) {
            return (int) ((index * 2654435761L) >>> 13) & 0xFF;
        }
    }

    /** Counts what arrives and how far the importer had read ahead of the leaves it has sent. */
    private static final class CountingSink implements BlockSink {
        private final GeneratedStream source;
        long blocks;
        long leafContentBytes;
        long maxReadAhead;

        CountingSink(GeneratedStream source) {
            this.source = source;
        }

        @Override
        public void put(Block block) {
            blocks++;
            if (block.cid().codec() == Multicodec.RAW.code()) {
                leafContentBytes += block.size();
            }
            maxReadAhead = Math.max(maxReadAhead, source.position() - leafContentBytes);
        }
    }

    @Test
    void aLargeStreamIsImportedWithBoundedReadAhead() throws IOException {
        long size = 64L * 1024 * 1024 + 12345;
        int chunkSize = 256 * 1024;
        int hashingThreads = 2;
        ExecutorService pool = Executors.newFixedThreadPool(hashingThreads);
        try {
            ImportOptions options = ImportOptions.defaults().withRawLeaves(true).withChunkSize(chunkSize);
            GeneratedStream stream = new GeneratedStream(size);
            CountingSink sink = new CountingSink(stream);
            ImportedNode root = new UnixFsImporter(options, pool, hashingThreads).importFile(stream, sink);

            assertEquals(size, root.contentSize());
            assertEquals(size, sink.leafContentBytes);
            long leaves = (size + chunkSize - 1) / chunkSize;
            long internalNodes = (leaves + 173) / 174 + 1;
            assertEquals(leaves + internalNodes, sink.blocks);
            long window = 3L * hashingThreads + 1;
            assertTrue(sink.maxReadAhead <= (window + 1) * chunkSize,
                    "read " + sink.maxReadAhead + " bytes ahead of the sink");

            GeneratedStream again = new GeneratedStream(size);
            ImportedNode sequential = new UnixFsImporter(options, Runnable::run, 1)
                    .importFile(again, new CountingSink(again));
            assertEquals(sequential, root);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentImportsThroughOneImporterMatchSequentialOnes() throws Exception {
        ImportOptions options = ImportOptions.defaults().withChunkSize(1000).withMaxLinks(5);
        UnixFsImporter shared = new UnixFsImporter(options);
        UnixFsImporter sequential = new UnixFsImporter(options, Runnable::run, 1);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<ImportedNode>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int size = 20_000 + i * 3_333;
                results.add(callers.submit(() -> shared.importFile(new GeneratedStream(size), block -> { })));
            }
            for (int i = 0; i < results.size(); i++) {
                int size = 20_000 + i * 3_333;
                assertEquals(sequential.importFile(new GeneratedStream(size), block -> { }), results.get(i).get());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void anExecutorRefusingWorkOnlyMovesHashingToTheCaller() throws IOException {
        ImportOptions options = ImportOptions.defaults().withChunkSize(100).withMaxLinks(3)
                .withLayout(Layout.TRICKLE);
        UnixFsImporter refused = new UnixFsImporter(options, task -> {
            throw new RejectedExecutionException("shut down");
        }, 2);
        UnixFsImporter inline = new UnixFsImporter(options, Runnable::run, 1);
        assertEquals(inline.importFile(new GeneratedStream(54_321), block -> { }),
                refused.importFile(new GeneratedStream(54_321), block -> { }));
    }

    @Test
    void aFailingStreamFailsTheImport() {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ == 5000) {
                    throw new IOException("disk on fire");
                }
                return 1;
            }
        };
        UnixFsImporter importer = new UnixFsImporter(ImportOptions.defaults().withChunkSize(100));
        IOException failure = assertThrows(IOException.class, () -> importer.importFile(failing, block -> { }));
        assertEquals("disk on fire", failure.getMessage());
    }

    @Test
    void anUnsupportedHashIsRefusedUpFront() {
        ImportOptions unsupported = ImportOptions.defaults().withHash(Multicodec.SHA2_256_TRUNC254_PADDED);
        MultiformatException failure = assertThrows(MultiformatException.class, () -> new UnixFsImporter(unsupported));
        assertEquals(MultiformatException.Code.MULTIHASH_UNSUPPORTED, failure.code());
    }
}

package io.strata.interop;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Deterministic pseudo-random content, written to files that both our code and the JS oracles read. */
public final class TestData {

    private static final int WRITE_BUFFER_SIZE = 64 * 1024;

    private TestData() {
    }

    /** Writes {@code size} bytes drawn from a PRNG seeded with {@code seed}; the same arguments give the same file. */
    public static Path randomFile(Path file, long size, long seed) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buffer = new byte[WRITE_BUFFER_SIZE];
        try (OutputStream out = Files.newOutputStream(file)) {
            long remaining = size;
            while (remaining > 0) {
                int length = (int) Math.min(buffer.length, remaining);
                fill(random, buffer, length);
                out.write(buffer, 0, length);
                remaining -= length;
            }
        }
        return file;
    }

    /** The first {@code length} bytes of a file, as a stream. */
    public static InputStream prefix(Path file, long length) throws IOException {
        return new LimitedInputStream(Files.newInputStream(file), length);
    }

    public static Path textFile(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, content);
    }

    private static final class LimitedInputStream extends FilterInputStream {

        private long remaining;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int value = super.read();
            if (value >= 0) {
                remaining--;
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (read > 0) {
                remaining -= read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    private static void fill(SplittableRandom random, byte[] buffer, int length) {
        for (int i = 0; i < length; i += 8) {
            long value = random.nextLong();
            for (int j = i; j < Math.min(i + 8, length); j++) {
                buffer[j] = (byte) value;
                value >>>= 8;
            }
        }
    }
}

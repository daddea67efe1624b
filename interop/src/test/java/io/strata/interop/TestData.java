package io.strata.interop;

import java.io.IOException;
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

    public static Path textFile(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, content);
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

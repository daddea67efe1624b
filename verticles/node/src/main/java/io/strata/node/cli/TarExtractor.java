package io.strata.node.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Unpacks the tar stream Kubo's {@code get} sends (ustar with PAX extended headers for long names) under a
 * directory, streaming file contents. The first path component may be renamed (Kubo's {@code get -o}).
 * Entries that would land outside the target directory are refused.
 */
final class TarExtractor {

    private static final int BLOCK = 512;

    private TarExtractor() {
    }

    /** Extracts {@code tar} into {@code target}; answers the number of entries written. */
    static int extract(InputStream tar, Path target, String renameRoot) throws IOException {
        Path base = target.toAbsolutePath().normalize();
        byte[] header = new byte[BLOCK];
        String paxPath = null;
        int entries = 0;
        while (true) {
            if (!readBlock(tar, header)) {
                return entries;
            }
            if (isZero(header)) {
                return entries;
            }
            String name = paxPath != null ? paxPath : name(header);
            paxPath = null;
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            switch (type) {
                case 'x' -> paxPath = paxValue(new String(readData(tar, size), StandardCharsets.UTF_8), "path");
                case 'g' -> readData(tar, size);
                case '5' -> {
                    Files.createDirectories(resolve(base, name, renameRoot));
                    entries++;
                }
                case '0', '\0' -> {
                    Path file = resolve(base, name, renameRoot);
                    Files.createDirectories(file.getParent());
                    try (OutputStream out = Files.newOutputStream(file)) {
                        copy(tar, out, size);
                    }
                    skipPadding(tar, size);
                    entries++;
                }
                case '2' -> {
                    Path link = resolve(base, name, renameRoot);
                    Files.createDirectories(link.getParent());
                    Files.deleteIfExists(link);
                    Files.createSymbolicLink(link, Path.of(text(header, 157, 100)));
                    entries++;
                }
                default -> throw new IOException("unsupported tar entry type '" + type + "' for " + name);
            }
        }
    }

    private static Path resolve(Path base, String name, String renameRoot) throws IOException {
        String path = name;
        if (renameRoot != null) {
            int slash = path.indexOf('/');
            path = slash < 0 ? renameRoot : renameRoot + path.substring(slash);
        }
        Path resolved = base.resolve(path).normalize();
        if (!resolved.startsWith(base)) {
            throw new IOException("refusing tar entry outside the output directory: " + name);
        }
        return resolved;
    }

    private static String name(byte[] header) {
        String name = text(header, 0, 100);
        String prefix = text(header, 345, 155);
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxValue(String records, String key) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            int equals = record.indexOf('=');
            if (space > 0 && equals > space && record.substring(space + 1, equals).equals(key)) {
                return record.substring(equals + 1);
            }
        }
        return null;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) throws IOException {
        String digits = text(header, offset, length).trim();
        if (digits.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new IOException("malformed tar header: size '" + digits + "'");
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int read = in.readNBytes(block, 0, BLOCK);
        if (read == 0) {
            return false;
        }
        if (read < BLOCK) {
            throw new EOFException("truncated tar stream");
        }
        return true;
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("tar extended header too large: " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("truncated tar stream");
        }
        skipPadding(in, size);
        return data;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long remaining = size;
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new EOFException("truncated tar stream");
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long padding = (BLOCK - size % BLOCK) % BLOCK;
        in.skipNBytes(padding);
    }
}

package io.strata.api.tar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Streams a POSIX ustar archive (what {@code ipfs get} sends): a 512-byte header per entry, file bytes
 * padded to 512, two zero blocks at the end. Names that do not fit ustar's 100+155 byte fields get a PAX
 * extended header with a {@code path} record, as Go's archive/tar writes them.
 */
public final class TarWriter {

    private static final int BLOCK = 512;
    private static final byte[] ZEROS = new byte[BLOCK];
    /** The largest size an 11-digit octal ustar field holds (8 GiB - 1); larger files need PAX. */
    private static final long MAX_USTAR_SIZE = 077777777777L;

    private final OutputStream out;
    private final long modificationTime;

    /** @param modificationTime seconds since the epoch stamped on every entry */
    public TarWriter(OutputStream out, long modificationTime) {
        this.out = out;
        this.modificationTime = modificationTime;
    }

    public void directory(String name) throws IOException {
        header(name.endsWith("/") ? name : name + "/", '5', 0, 0755);
    }

    /** Writes a file entry whose content is exactly {@code size} bytes of {@code content}. */
    public void file(String name, long size, InputStream content) throws IOException {
        header(name, '0', size, 0644);
        byte[] buffer = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int read = content.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("tar entry " + name + " ended " + left + " bytes early");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
        pad(size);
    }

    public void symlink(String name, String target) throws IOException {
        if (target.getBytes(StandardCharsets.UTF_8).length > 100) {
            throw new IOException("symlink target of " + name + " is longer than 100 bytes");
        }
        byte[] header = headerBytes(name, '2', 0, 0777);
        put(header, 157, 100, target);
        checksum(header);
        out.write(header);
    }

    /** Writes the end-of-archive marker and flushes; the stream stays open. */
    public void finish() throws IOException {
        out.write(ZEROS);
        out.write(ZEROS);
        out.flush();
    }

    private void header(String name, char type, long size, int mode) throws IOException {
        byte[] header = headerBytes(name, type, size, mode);
        checksum(header);
        out.write(header);
    }

    private byte[] headerBytes(String name, char type, long size, int mode) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        String shortName = name;
        String prefix = "";
        java.io.ByteArrayOutputStream pax = new java.io.ByteArrayOutputStream();
        if (nameBytes.length > 100) {
            int split = splitPoint(name);
            if (split > 0) {
                prefix = name.substring(0, split);
                shortName = name.substring(split + 1);
            } else {
                pax.writeBytes(paxRecord("path", name));
                shortName = truncate(name, 100);
            }
        }
        boolean hugeFile = size > MAX_USTAR_SIZE;
        if (hugeFile) {
            pax.writeBytes(paxRecord("size", Long.toString(size)));
        }
        if (pax.size() > 0) {
            paxHeader(name, pax.toByteArray());
        }
        byte[] header = new byte[BLOCK];
        put(header, 0, 100, shortName);
        octal(header, 100, 8, mode);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, hugeFile ? 0 : size);
        octal(header, 136, 12, modificationTime);
        header[156] = (byte) type;
        put(header, 257, 6, "ustar");
        put(header, 263, 2, "00");
        put(header, 345, 155, prefix);
        return header;
    }

    /** A slash where the name splits into a prefix of at most 155 bytes and a name of at most 100. */
    private static int splitPoint(String name) {
        for (int i = name.length() - 1; i > 0; i--) {
            if (name.charAt(i) == '/') {
                int prefixLength = name.substring(0, i).getBytes(StandardCharsets.UTF_8).length;
                int nameLength = name.substring(i + 1).getBytes(StandardCharsets.UTF_8).length;
                if (prefixLength <= 155 && nameLength <= 100 && nameLength > 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private void paxHeader(String name, byte[] record) throws IOException {
        byte[] header = new byte[BLOCK];
        put(header, 0, 100, "PaxHeaders/" + truncate(name, 80));
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, record.length);
        octal(header, 136, 12, modificationTime);
        header[156] = 'x';
        put(header, 257, 6, "ustar");
        put(header, 263, 2, "00");
        checksum(header);
        out.write(header);
        out.write(record);
        pad(record.length);
    }

    /** A PAX record, {@code "<length> <key>=<value>\n"}, whose length counts its own digits. */
    static byte[] paxRecord(String key, String value) {
        int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
        int length = body + Integer.toString(body).length();
        if (Integer.toString(length).length() != Integer.toString(body).length()) {
            length = body + Integer.toString(length).length();
        }
        return (length + " " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String truncate(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private void pad(long size) throws IOException {
        int remainder = (int) (size % BLOCK);
        if (remainder != 0) {
            out.write(ZEROS, 0, BLOCK - remainder);
        }
    }

    private static void put(byte[] header, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, offset, Math.min(length, bytes.length));
    }

    /** Octal digits, zero padded, NUL terminated, as ustar numeric fields are. */
    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > length - 1) {
            throw new IllegalArgumentException("value " + value + " does not fit a " + length + "-byte tar field");
        }
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        put(header, offset, length - 1, padded);
        header[offset + length - 1] = 0;
    }

    private static void checksum(byte[] header) {
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xFF;
        }
        String digits = Long.toOctalString(sum);
        String padded = "0".repeat(6 - digits.length()) + digits;
        put(header, 148, 6, padded);
        header[154] = 0;
        header[155] = ' ';
    }
}

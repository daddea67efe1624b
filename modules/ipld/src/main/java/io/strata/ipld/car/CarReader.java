package io.strata.ipld.car;

import io.strata.ipld.Block;
import io.strata.ipld.IpldException;
import io.strata.ipld.codec.DagCbor;
import io.strata.multiformats.Cid;
import io.strata.multiformats.MultiformatException;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.strata.ipld.IpldException.Code.CAR_BLOCK_MISMATCH;
import static io.strata.ipld.IpldException.Code.CAR_MALFORMED;
import static io.strata.ipld.IpldException.Code.UNSUPPORTED;

/**
 * Streams blocks out of a CAR. The header is read by {@link #open}; {@link #next} then yields one
 * verified block at a time, so memory stays at one section whatever the archive's size.
 *
 * <p>Every block is hashed and compared with its CID ({@code CAR_BLOCK_MISMATCH} when they differ,
 * {@code UNSUPPORTED} when the hash function is unknown). Truncation, non-minimal varints, a header or
 * section longer than the {@link Limits}, and malformed headers or CIDs are {@code CAR_MALFORMED}, with
 * the byte offset in the archive. CARv2 files are read through to the CARv1 payload they wrap (the
 * index is skipped). Readers accept an empty root list and duplicate blocks, which other writers emit.
 */
public final class CarReader implements Closeable {

    /** Refuses absurd lengths before allocating for them. */
    public record Limits(int maxHeaderBytes, int maxSectionBytes) {
        /** go-car's defaults: a 32 MiB header, 8 MiB sections (a block plus its CID). */
        public static final Limits DEFAULT = new Limits(32 << 20, 8 << 20);
    }

    private static final int CARV2_PRAGMA_LENGTH = 11;
    private static final int CARV2_HEADER_LENGTH = 40;

    private final InputStream in;
    private final Limits limits;
    private long offset;
    private long end = Long.MAX_VALUE;
    private int version;
    private List<Cid> roots;

    private CarReader(InputStream in, Limits limits) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 64 * 1024);
        this.limits = limits;
    }

    public static CarReader open(InputStream in) throws IOException {
        return open(in, Limits.DEFAULT);
    }

    public static CarReader open(InputStream in, Limits limits) throws IOException {
        CarReader reader = new CarReader(in, limits);
        reader.readHeader();
        return reader;
    }

    /** The CAR version the file declared: 1, or 2 for a CARv2 wrapper (whose payload is read as v1). */
    public int version() {
        return version;
    }

    public List<Cid> roots() {
        return roots;
    }

    /** Bytes consumed from the stream so far. */
    public long offset() {
        return offset;
    }

    /** The next verified block, or empty at the clean end of the archive. */
    public Optional<Block> next() throws IOException {
        if (offset >= end) {
            return Optional.empty();
        }
        long sectionStart = offset;
        long length = readVarint(true);
        if (length < 0) {
            if (end != Long.MAX_VALUE) {
                throw malformed(sectionStart, "CARv2 payload ends early: expected data up to byte " + end);
            }
            return Optional.empty();
        }
        if (length == 0) {
            throw malformed(sectionStart, "section of length 0; a section holds a CID and its block");
        }
        if (length > limits.maxSectionBytes()) {
            throw malformed(sectionStart, "section length " + length + " exceeds the limit of "
                    + limits.maxSectionBytes() + " bytes");
        }
        long bodyStart = offset;
        byte[] section = readFully((int) length, "section");
        Cid cid;
        try {
            cid = Cid.read(section, 0);
        } catch (MultiformatException e) {
            throw new IpldException(CAR_MALFORMED, "CAR: invalid CID in the section at byte " + sectionStart
                    + " (CID starts at byte " + bodyStart + "): " + e.getMessage(), e);
        }
        byte[] data = Arrays.copyOfRange(section, cid.length(), section.length);
        verify(cid, data, sectionStart);
        return Optional.of(new Block(cid, data));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void verify(Cid cid, byte[] data, long sectionStart) {
        long function = cid.multihash().function();
        if (!Multihash.isSupported(function)) {
            throw new IpldException(UNSUPPORTED, "CAR: cannot verify block " + cid + " at byte " + sectionStart
                    + ": hash function " + Multicodec.nameOf(function) + " is not supported");
        }
        if (!cid.multihash().matches(data)) {
            throw new IpldException(CAR_BLOCK_MISMATCH, "CAR: block at byte " + sectionStart + " (" + data.length
                    + " bytes) does not hash to its CID " + cid);
        }
    }

    private void readHeader() throws IOException {
        Map<?, ?> header = readHeaderMap();
        Object declared = header.get("version");
        if (Long.valueOf(2).equals(declared) && header.size() == 1) {
            enterCarV2Payload();
            header = readHeaderMap();
            declared = header.get("version");
            version = 2;
        } else {
            version = 1;
        }
        if (!Long.valueOf(1).equals(declared)) {
            throw malformed(0, "unsupported CAR version " + declared + " (expected 1, or a CARv2 pragma)");
        }
        if (!(header.get("roots") instanceof List<?> rootList)) {
            throw malformed(0, "CAR header has no 'roots' list");
        }
        List<Cid> parsed = new ArrayList<>(rootList.size());
        for (Object root : rootList) {
            if (!(root instanceof Cid cid)) {
                throw malformed(0, "CAR header root " + root + " is not a CID");
            }
            parsed.add(cid);
        }
        roots = List.copyOf(parsed);
    }

    private Map<?, ?> readHeaderMap() throws IOException {
        long headerStart = offset;
        long length = readVarint(false);
        if (length == 0) {
            throw malformed(headerStart, "header length is 0");
        }
        if (length > limits.maxHeaderBytes()) {
            throw malformed(headerStart, "header length " + length + " exceeds the limit of "
                    + limits.maxHeaderBytes() + " bytes");
        }
        byte[] bytes = readFully((int) length, "header");
        Object decoded;
        try {
            decoded = DagCbor.decodeLenient(bytes);
        } catch (IpldException e) {
            throw new IpldException(CAR_MALFORMED, "CAR: header at byte " + headerStart + " is not DAG-CBOR: "
                    + e.getMessage(), e);
        }
        if (!(decoded instanceof Map<?, ?> map)) {
            throw malformed(headerStart, "header is not a map");
        }
        return map;
    }

    /** After the CARv2 pragma: read the fixed header, skip to the payload and bound reading to it. */
    private void enterCarV2Payload() throws IOException {
        byte[] header = readFully(CARV2_HEADER_LENGTH, "CARv2 header");
        long dataOffset = littleEndian(header, 16);
        long dataSize = littleEndian(header, 24);
        if (dataOffset < CARV2_PRAGMA_LENGTH + CARV2_HEADER_LENGTH || dataSize < 0) {
            throw malformed(CARV2_PRAGMA_LENGTH, "CARv2 header has an invalid data offset " + dataOffset
                    + " or size " + dataSize);
        }
        long toSkip = dataOffset - offset;
        while (toSkip > 0) {
            long skipped = in.skip(toSkip);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw malformed(offset, "input ends before the CARv2 payload at byte " + dataOffset);
                }
                skipped = 1;
            }
            offset += skipped;
            toSkip -= skipped;
        }
        end = dataOffset + dataSize;
    }

    private static long littleEndian(byte[] bytes, int at) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (bytes[at + i] & 0xFF);
        }
        return value;
    }

    /** Reads a minimal unsigned varint; returns -1 at a clean end of stream when {@code endAllowed}. */
    private long readVarint(boolean endAllowed) throws IOException {
        long start = offset;
        long value = 0;
        for (int i = 0; i < 9; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0 && endAllowed) {
                    return -1;
                }
                throw malformed(start, i == 0 ? "input is empty; expected a CAR header"
                        : "input ends inside a length varint");
            }
            offset++;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw malformed(start, "length varint is not minimally encoded");
                }
                return value;
            }
        }
        throw malformed(start, "length varint is longer than 9 bytes");
    }

    private byte[] readFully(int length, String what) throws IOException {
        long start = offset;
        if (start + length > end) {
            throw malformed(start, what + " of " + length + " bytes runs past the end of the CARv2 payload at byte "
                    + end);
        }
        byte[] bytes = in.readNBytes(length);
        offset += bytes.length;
        if (bytes.length < length) {
            throw malformed(start, "truncated " + what + ": declared " + length + " bytes, only " + bytes.length
                    + " present (input ends at byte " + offset + ")");
        }
        return bytes;
    }

    private static IpldException malformed(long at, String message) {
        return new IpldException(CAR_MALFORMED, "CAR: " + message + " (at byte " + at + ")");
    }
}

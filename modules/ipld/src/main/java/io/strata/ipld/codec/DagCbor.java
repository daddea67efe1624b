package io.strata.ipld.codec;

import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.strata.ipld.IpldException.Code.DATA_MODEL_INVALID;

/**
 * The DAG-CBOR codec (multicodec 0x71) over the {@link DataModel} values.
 *
 * <p>Encoding always produces the one canonical form the IPLD spec defines: shortest integer and
 * length arguments, 64-bit floats only, map keys sorted by length then bytes, definite lengths,
 * links as tag 42 over a byte string holding 0x00 (identity multibase) and the binary CID.
 *
 * <p>{@link #decode} is strict: any input that is not exactly that canonical form is refused with an
 * {@link IpldException} ({@code DAGCBOR_MALFORMED} for what DAG-CBOR never allows, such as other tags,
 * indefinite lengths, undefined, NaN, non-string keys, duplicate keys and trailing bytes;
 * {@code DAGCBOR_NOT_CANONICAL} for a valid value in a non-canonical form), naming the byte offset.
 * {@link #decodeLenient} accepts the relaxations the spec permits for historical data (any key order,
 * non-minimal integers, lengths and tag headers, 16- and 32-bit floats) and nothing else.
 *
 * <p>The codec reads and writes the bytes itself rather than through Jackson's CBOR parser, because
 * that parser normalises away exactly what strictness has to see (argument widths, float widths,
 * key order).
 */
public final class DagCbor {

    static final int MAX_DEPTH = 512;

    private DagCbor() {
    }

    /**
     * @throws IpldException {@code DATA_MODEL_INVALID} for values outside the data model
     */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        write(out, value, 0);
        return out.toByteArray();
    }

    /** Strict decode of one complete block. */
    public static Object decode(byte[] bytes) {
        return new DagCborDecoder(bytes, true).decodeAll();
    }

    /** Decode accepting the non-canonical forms the spec lets readers tolerate for historical data. */
    public static Object decodeLenient(byte[] bytes) {
        return new DagCborDecoder(bytes, false).decodeAll();
    }

    private static void write(ByteArrayOutputStream out, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IpldException(DATA_MODEL_INVALID, "value nests deeper than " + MAX_DEPTH + " levels");
        }
        switch (DataModel.kindOf(value)) {
            case NULL -> out.write(0xf6);
            case BOOLEAN -> out.write((Boolean) value ? 0xf5 : 0xf4);
            case INTEGER -> writeInteger(out, value);
            case FLOAT -> {
                long bits = Double.doubleToRawLongBits(DataModel.finiteFloat(value));
                out.write(0xfb);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) (bits >>> shift));
                }
            }
            case STRING -> {
                byte[] utf8 = Utf8.encode((String) value);
                writeHead(out, 3, utf8.length);
                out.writeBytes(utf8);
            }
            case BYTES -> {
                byte[] bytes = (byte[]) value;
                writeHead(out, 2, bytes.length);
                out.writeBytes(bytes);
            }
            case LINK -> writeLink(out, (Cid) value);
            case LIST -> {
                List<?> list = (List<?>) value;
                writeHead(out, 4, list.size());
                for (Object element : list) {
                    write(out, element, depth + 1);
                }
            }
            case MAP -> writeMap(out, (Map<?, ?>) value, depth);
        }
    }

    private static void writeInteger(ByteArrayOutputStream out, Object value) {
        if (!(value instanceof BigInteger)) {
            long n = ((Number) value).longValue();
            if (n >= 0) {
                writeHead(out, 0, n);
            } else {
                writeHead(out, 1, -1 - n);
            }
            return;
        }
        BigInteger n = DataModel.bigInteger(value);
        if (n.signum() >= 0) {
            writeHead(out, 0, n.longValue());
        } else {
            writeHead(out, 1, BigInteger.ONE.negate().subtract(n).longValue());
        }
    }

    private static void writeLink(ByteArrayOutputStream out, Cid cid) {
        out.write(0xd8);
        out.write(42);
        writeHead(out, 2, cid.length() + 1L);
        out.write(0x00);
        out.writeBytes(cid.bytes());
    }

    private static void writeMap(ByteArrayOutputStream out, Map<?, ?> map, int depth) {
        List<EncodedEntry> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IpldException(DATA_MODEL_INVALID, "map keys must be strings, found "
                        + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()));
            }
            entries.add(new EncodedEntry(Utf8.encode(key), entry.getValue()));
        }
        entries.sort((a, b) -> Utf8.LENGTH_FIRST.compare(a.key(), b.key()));
        writeHead(out, 5, entries.size());
        for (EncodedEntry entry : entries) {
            writeHead(out, 3, entry.key().length);
            out.writeBytes(entry.key());
            write(out, entry.value(), depth + 1);
        }
    }

    /** Writes a major type with its argument in the shortest form; {@code argument} is unsigned. */
    static void writeHead(ByteArrayOutputStream out, int majorType, long argument) {
        int major = majorType << 5;
        if (Long.compareUnsigned(argument, 24) < 0) {
            out.write(major | (int) argument);
        } else if (Long.compareUnsigned(argument, 0xFF) <= 0) {
            out.write(major | 24);
            out.write((int) argument);
        } else if (Long.compareUnsigned(argument, 0xFFFF) <= 0) {
            out.write(major | 25);
            out.write((int) (argument >>> 8));
            out.write((int) argument);
        } else if (Long.compareUnsigned(argument, 0xFFFF_FFFFL) <= 0) {
            out.write(major | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (argument >>> shift));
            }
        } else {
            out.write(major | 27);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (argument >>> shift));
            }
        }
    }
}

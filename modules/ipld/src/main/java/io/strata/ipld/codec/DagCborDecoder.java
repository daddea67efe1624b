package io.strata.ipld.codec;

import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.MultiformatException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.strata.ipld.IpldException.Code.DAGCBOR_MALFORMED;
import static io.strata.ipld.IpldException.Code.DAGCBOR_NOT_CANONICAL;

/** One pass over one block; {@code strict} decides whether non-canonical forms are refused. */
final class DagCborDecoder {

    private static final String[] MAJOR_NAMES = {
        "unsigned integer", "negative integer", "byte string", "text string", "array", "map", "tag", "simple/float"
    };

    private final byte[] bytes;
    private final boolean strict;
    private int position;

    DagCborDecoder(byte[] bytes, boolean strict) {
        this.bytes = bytes;
        this.strict = strict;
    }

    Object decodeAll() {
        if (bytes.length == 0) {
            throw malformed(0, "empty input; a block holds exactly one data item");
        }
        Object value = readItem(0);
        if (position != bytes.length) {
            throw malformed(position, (bytes.length - position)
                    + " trailing bytes after the top-level item; a block holds exactly one data item");
        }
        return value;
    }

    private Object readItem(int depth) {
        if (depth > DagCbor.MAX_DEPTH) {
            throw malformed(position, "nesting deeper than " + DagCbor.MAX_DEPTH + " levels");
        }
        int start = position;
        int initial = readByte("a data item");
        int major = initial >>> 5;
        int info = initial & 0x1F;
        if (major == 7) {
            return readSimple(start, info);
        }
        long argument = readArgument(start, major, info);
        return switch (major) {
            case 0 -> argument >= 0 ? (Object) argument : DataModel.integer(unsigned(argument));
            case 1 -> argument >= 0 ? (Object) (-1 - argument)
                    : DataModel.integer(BigInteger.ONE.negate().subtract(unsigned(argument)));
            case 2 -> readBytes(start, argument);
            case 3 -> readString(start, argument);
            case 4 -> readList(start, argument, depth);
            case 5 -> readMap(start, argument, depth);
            default -> readLink(start, argument, depth);
        };
    }

    private long readArgument(int start, int major, int info) {
        if (info < 24) {
            return info;
        }
        if (info == 31) {
            throw malformed(start, major >= 2 && major <= 5
                    ? "indefinite-length " + MAJOR_NAMES[major] + " (initial byte " + hex(bytes[start])
                            + "); DAG-CBOR allows definite lengths only"
                    : "additional information 31 is not valid for a " + MAJOR_NAMES[major]);
        }
        if (info > 27) {
            throw malformed(start, "reserved additional information " + info + " in initial byte " + hex(bytes[start]));
        }
        int width = 1 << (info - 24);
        requireAvailable(width, "the " + width + "-byte argument of the " + MAJOR_NAMES[major] + " at byte " + start);
        long argument = 0;
        for (int i = 0; i < width; i++) {
            argument = (argument << 8) | (bytes[position++] & 0xFF);
        }
        if (strict && major != 6) {
            long smallest = width == 1 ? 24 : width == 2 ? 0x100 : width == 4 ? 0x1_0000L : 0x1_0000_0000L;
            if (Long.compareUnsigned(argument, smallest) < 0) {
                throw notCanonical(start, MAJOR_NAMES[major] + " argument " + Long.toUnsignedString(argument)
                        + " is encoded in " + (width + 1) + " bytes; the shortest form has "
                        + shortestHeadLength(argument) + " (RFC 8949 §4.2.1)");
            }
        }
        return argument;
    }

    private Object readSimple(int start, int info) {
        switch (info) {
            case 20:
                return Boolean.FALSE;
            case 21:
                return Boolean.TRUE;
            case 22:
                return null;
            case 23:
                throw malformed(start, "undefined (0xf7) is not in the IPLD data model");
            case 25:
            case 26:
                if (strict) {
                    throw notCanonical(start, (info == 25 ? 16 : 32) + "-bit float (initial byte " + hex(bytes[start])
                            + "); DAG-CBOR floats are always 64-bit (0xfb)");
                }
                return readFloat(start, info == 25 ? 2 : 4);
            case 27:
                return readFloat(start, 8);
            case 31:
                throw malformed(start, "unexpected break (0xff); DAG-CBOR allows definite lengths only");
            default:
                throw malformed(start, "simple value " + (info == 24 ? "with 1-byte argument" : info)
                        + " (initial byte " + hex(bytes[start]) + "); only false, true, null and floats are allowed");
        }
    }

    private Double readFloat(int start, int width) {
        requireAvailable(width, "the " + (width * 8) + "-bit float at byte " + start);
        long bits = 0;
        for (int i = 0; i < width; i++) {
            bits = (bits << 8) | (bytes[position++] & 0xFF);
        }
        double value = switch (width) {
            case 2 -> halfToDouble((int) bits);
            case 4 -> Float.intBitsToFloat((int) bits);
            default -> Double.longBitsToDouble(bits);
        };
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw malformed(start, value + " is not allowed; the IPLD data model has no NaN or Infinity");
        }
        return value;
    }

    private byte[] readBytes(int start, long length) {
        int size = checkedLength(start, length, "byte string");
        byte[] value = Arrays.copyOfRange(bytes, position, position + size);
        position += size;
        return value;
    }

    private String readString(int start, long length) {
        int size = checkedLength(start, length, "text string");
        String value = Utf8.decodeOrNull(bytes, position, size);
        if (value == null) {
            throw malformed(start, "text string of " + size + " bytes is not valid UTF-8");
        }
        position += size;
        return value;
    }

    private List<Object> readList(int start, long count, int depth) {
        int size = checkedCount(start, count, "array");
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(readItem(depth + 1));
        }
        return Collections.unmodifiableList(list);
    }

    private Map<String, Object> readMap(int start, long count, int depth) {
        int size = checkedCount(start, count, "map");
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, size * 2));
        byte[] previousKey = null;
        for (int i = 0; i < size; i++) {
            int keyStart = position;
            int keyInitial = readByte("map key " + i + " of the map at byte " + start);
            if (keyInitial >>> 5 != 3) {
                throw malformed(keyStart, "map key must be a text string, found a " + MAJOR_NAMES[keyInitial >>> 5]
                        + " (initial byte " + hex(bytes[keyStart]) + ")");
            }
            long keyLength = readArgument(keyStart, 3, keyInitial & 0x1F);
            int keyBytesStart = position;
            String key = readString(keyStart, keyLength);
            byte[] keyBytes = Arrays.copyOfRange(bytes, keyBytesStart, position);
            if (previousKey != null && strict) {
                int order = Utf8.LENGTH_FIRST.compare(previousKey, keyBytes);
                if (order > 0) {
                    throw notCanonical(keyStart, "map key " + Utf8.abbreviate(key) + " is out of order; keys must be "
                            + "sorted by length, then bytewise, and it sorts before the previous key");
                }
            }
            if (map.containsKey(key)) {
                throw malformed(keyStart, "duplicate map key " + Utf8.abbreviate(key));
            }
            map.put(key, readItem(depth + 1));
            previousKey = keyBytes;
        }
        return Collections.unmodifiableMap(map);
    }

    private Cid readLink(int start, long tag, int depth) {
        if (tag != 42) {
            throw malformed(start, "tag " + Long.toUnsignedString(tag) + "; DAG-CBOR allows only tag 42 (CID)");
        }
        if (strict && (position - start != 2 || bytes[start] != (byte) 0xd8)) {
            throw notCanonical(start, "tag 42 must be written as 0xd82a");
        }
        int contentStart = position;
        int initial = readByte("the byte string of the CID tagged at byte " + start);
        if (initial >>> 5 != 2) {
            throw malformed(contentStart, "tag 42 must wrap a byte string, found a " + MAJOR_NAMES[initial >>> 5]);
        }
        byte[] content = readBytes(contentStart, readArgument(contentStart, 2, initial & 0x1F));
        if (content.length == 0 || content[0] != 0x00) {
            throw malformed(contentStart, "CID byte string must start with the 0x00 identity multibase prefix"
                    + (content.length == 0 ? "; it is empty" : "; found " + hex(content[0])));
        }
        try {
            return Cid.fromBytes(Arrays.copyOfRange(content, 1, content.length));
        } catch (MultiformatException e) {
            throw new IpldException(DAGCBOR_MALFORMED, "dag-cbor: invalid CID in tag 42 at byte " + start + ": "
                    + e.getMessage(), e);
        }
    }

    private int checkedLength(int start, long length, String what) {
        if (length < 0 || length > bytes.length - position) {
            throw malformed(start, what + " declares " + Long.toUnsignedString(length) + " bytes but only "
                    + (bytes.length - position) + " remain");
        }
        return (int) length;
    }

    private int checkedCount(int start, long count, String what) {
        if (count < 0 || count > bytes.length - position) {
            throw malformed(start, what + " declares " + Long.toUnsignedString(count) + " entries but only "
                    + (bytes.length - position) + " bytes remain");
        }
        return (int) count;
    }

    private int readByte(String expected) {
        if (position >= bytes.length) {
            throw malformed(position, "input ends where " + expected + " was expected");
        }
        return bytes[position++] & 0xFF;
    }

    private void requireAvailable(int count, String what) {
        if (bytes.length - position < count) {
            throw malformed(position, "input ends inside " + what);
        }
    }

    /** IEEE 754 binary16 to double; the JDK only gained a converter in Java 20. */
    private static double halfToDouble(int half) {
        int exponent = (half >>> 10) & 0x1F;
        int mantissa = half & 0x3FF;
        double magnitude;
        if (exponent == 0) {
            magnitude = mantissa * 0x1p-24;
        } else if (exponent == 31) {
            magnitude = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            magnitude = (1024 + mantissa) * Math.scalb(1.0, exponent - 25);
        }
        return (half & 0x8000) != 0 ? -magnitude : magnitude;
    }

    private static int shortestHeadLength(long argument) {
        if (Long.compareUnsigned(argument, 24) < 0) {
            return 1;
        }
        return Long.compareUnsigned(argument, 0xFF) <= 0 ? 2 : Long.compareUnsigned(argument, 0xFFFF) <= 0 ? 3 : 5;
    }

    private static BigInteger unsigned(long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }

    private static String hex(byte b) {
        return String.format("0x%02x", b & 0xFF);
    }

    private static IpldException malformed(int at, String message) {
        return new IpldException(DAGCBOR_MALFORMED, "dag-cbor: " + message + " (at byte " + at + ")");
    }

    private static IpldException notCanonical(int at, String message) {
        return new IpldException(DAGCBOR_NOT_CANONICAL, "dag-cbor: " + message + " (at byte " + at + ")");
    }
}

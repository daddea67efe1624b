package io.strata.multiformats;

import java.util.Arrays;

import static io.strata.multiformats.MultiformatException.Code.CID_MALFORMED;
import static io.strata.multiformats.MultiformatException.Code.CID_TRAILING_BYTES;
import static io.strata.multiformats.MultiformatException.Code.CID_UNSUPPORTED_VERSION;

/**
 * A content identifier, v0 or v1. Immutable; equality, hashing and ordering are on the binary form,
 * so a v0 CID and its v1 twin are different CIDs (as in go-cid) even though they name the same block.
 */
public final class Cid implements Comparable<Cid> {

    private static final int V0_LENGTH = 34;
    private static final int V0_TEXT_LENGTH = 46;

    private final int version;
    private final long codec;
    private final Multihash multihash;
    private final byte[] bytes;

    private Cid(int version, long codec, Multihash multihash) {
        this.version = version;
        this.codec = codec;
        this.multihash = multihash;
        if (version == 0) {
            this.bytes = multihash.bytes();
        } else {
            int prefixLength = Varint.encodedLength(1) + Varint.encodedLength(codec);
            this.bytes = new byte[prefixLength + multihash.length()];
            int position = Varint.write(1, bytes, 0);
            position += Varint.write(codec, bytes, position);
            multihash.writeTo(bytes, position);
        }
    }

    public static Cid v0(Multihash multihash) {
        if (multihash.function() != Multicodec.SHA2_256.code() || multihash.digestLength() != 32) {
            throw new MultiformatException(CID_MALFORMED, "CIDv0 requires a 32-byte sha2-256 multihash");
        }
        return new Cid(0, Multicodec.DAG_PB.code(), multihash);
    }

    public static Cid v1(long codec, Multihash multihash) {
        return new Cid(1, codec, multihash);
    }

    public static Cid v1(Multicodec codec, Multihash multihash) {
        return v1(codec.code(), multihash);
    }

    /** Hashes {@code data} and names it with a CIDv1. */
    public static Cid of(Multicodec codec, Multicodec hash, byte[] data) {
        return v1(codec, Multihash.digest(hash, data));
    }

    /**
     * Parses any textual CID: a 46-character base58btc CIDv0 ({@code Qm...}, no multibase prefix) or a
     * multibase CID. As in go-cid and js-multiformats, a multibase string whose bytes are a binary CIDv0
     * (starting 0x12 0x20) yields that CIDv0.
     */
    public static Cid parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new MultiformatException(CID_MALFORMED, "empty CID");
        }
        if (text.startsWith("Qm")) {
            return parseV0(text);
        }
        if (text.length() < 2) {
            throw new MultiformatException(CID_MALFORMED,
                    "CID '" + text + "' is too short: expected a multibase prefix followed by the encoded CID");
        }
        return fromBytes(Multibase.decode(text));
    }

    private static Cid parseV0(String text) {
        if (text.length() != V0_TEXT_LENGTH) {
            throw new MultiformatException(CID_MALFORMED, "CIDv0 text must be " + V0_TEXT_LENGTH
                    + " base58btc characters; got " + text.length());
        }
        byte[] bytes = Multibase.BASE58BTC.decodeRaw(text);
        if (bytes.length != V0_LENGTH || bytes[0] != 0x12 || bytes[1] != 0x20) {
            throw new MultiformatException(CID_MALFORMED, "CIDv0 text '" + text + "' decodes to " + bytes.length
                    + " bytes starting 0x" + hexByte(bytes, 0) + " 0x" + hexByte(bytes, 1) + "; expected "
                    + V0_LENGTH + " bytes starting 0x12 0x20 (a sha2-256 multihash)");
        }
        return v0(Multihash.fromBytes(bytes));
    }

    /** Parses a whole byte array as one binary CID. */
    public static Cid fromBytes(byte[] bytes) {
        Cid cid = read(bytes, 0);
        if (cid.bytes.length != bytes.length) {
            throw new MultiformatException(CID_TRAILING_BYTES, "CID ends at byte " + cid.bytes.length
                    + " but the input has " + bytes.length + " bytes (" + (bytes.length - cid.bytes.length)
                    + " unexpected trailing bytes)");
        }
        return cid;
    }

    /**
     * Parses one binary CID starting at {@code offset}; {@link #length()} tells how many bytes it took.
     * A binary CIDv0 is a bare sha2-256 multihash (0x12 0x20 and 32 digest bytes); a CIDv1 is
     * {@code varint(1) varint(codec) multihash}. Version 0 written with an explicit version varint is
     * rejected, as go-cid does.
     */
    public static Cid read(byte[] source, int offset) {
        if (offset >= source.length) {
            throw new MultiformatException(CID_MALFORMED, "CID expected at byte " + offset + " but the input ends there");
        }
        if (source[offset] == 0x12) {
            return readV0(source, offset);
        }
        Varint.Decoded version = Varint.decode(source, offset);
        if (version.value() == 0) {
            throw new MultiformatException(CID_UNSUPPORTED_VERSION, "CID at byte " + offset
                    + " starts with version 0 in CIDv1 form; a binary CIDv0 is a bare sha2-256 multihash "
                    + "starting 0x12 0x20");
        }
        if (version.value() != 1) {
            throw new MultiformatException(CID_UNSUPPORTED_VERSION, "unsupported CID version " + version.value()
                    + " at byte " + offset + ": expected 1, or a CIDv0 starting 0x12 0x20");
        }
        Varint.Decoded codec = Varint.decode(source, offset + version.length());
        Multihash multihash = Multihash.read(source, offset + version.length() + codec.length());
        return new Cid(1, codec.value(), multihash);
    }

    private static Cid readV0(byte[] source, int offset) {
        int available = source.length - offset;
        if (available < 2 || source[offset + 1] != 0x20) {
            throw new MultiformatException(CID_MALFORMED, "CID at byte " + offset + " starts with 0x12 (a CIDv0) "
                    + "but byte " + (offset + 1) + " is " + (available < 2 ? "missing" : "0x" + hexByte(source, offset + 1))
                    + "; expected 0x20, the 32-byte sha2-256 digest length");
        }
        if (available < V0_LENGTH) {
            throw new MultiformatException(CID_MALFORMED, "CIDv0 at byte " + offset + " is truncated: expected "
                    + V0_LENGTH + " bytes, got " + available);
        }
        return v0(Multihash.read(source, offset));
    }

    private static String hexByte(byte[] bytes, int index) {
        return index < bytes.length ? String.format("%02x", bytes[index] & 0xFF) : "--";
    }

    public int version() {
        return version;
    }

    public long codec() {
        return codec;
    }

    public Multihash multihash() {
        return multihash;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Encoded length in bytes. */
    public int length() {
        return bytes.length;
    }

    public void writeTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    public Cid toV1() {
        return version == 1 ? this : new Cid(1, codec, multihash);
    }

    /** The CIDv0 form; only dag-pb blocks named by sha2-256 have one. */
    public Cid toV0() {
        if (version == 0) {
            return this;
        }
        if (codec != Multicodec.DAG_PB.code()) {
            throw new MultiformatException(CID_MALFORMED, "only dag-pb CIDs have a v0 form; this one is "
                    + Multicodec.nameOf(codec));
        }
        return v0(multihash);
    }

    /** The default text form: base58btc for v0, base32 for v1 (as Kubo prints them). */
    @Override
    public String toString() {
        return version == 0 ? Multibase.BASE58BTC.encodeRaw(bytes) : Multibase.BASE32.encode(bytes);
    }

    /** The text form in {@code base}; a v0 CID only has a base58btc form. */
    public String toString(Multibase base) {
        if (version == 0) {
            if (base != Multibase.BASE58BTC) {
                throw new MultiformatException(CID_MALFORMED,
                        "CIDv0 can only be printed in base58btc; convert it to v1 first");
            }
            return toString();
        }
        return base.encode(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cid that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Cid other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }
}

package io.strata.multiformats;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.digests.SHA3Digest;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import static io.strata.multiformats.MultiformatException.Code.MULTIHASH_LENGTH_MISMATCH;
import static io.strata.multiformats.MultiformatException.Code.MULTIHASH_TRUNCATED;
import static io.strata.multiformats.MultiformatException.Code.MULTIHASH_UNSUPPORTED;

/**
 * A self-describing hash: {@code varint(function) varint(length) digest}. Equality and hashing are on
 * the binary form. Digests may be truncated (shorter than the function's output), as the spec allows;
 * whether a short digest is acceptable for content addressing is a policy decision for the caller.
 */
public final class Multihash {

    /** Largest digest accepted when parsing; identity hashes above this are not plausible CIDs. */
    public static final int MAX_DIGEST_LENGTH = 4096;

    private final long function;
    private final byte[] digest;
    private final byte[] bytes;

    private Multihash(long function, byte[] digest, byte[] bytes) {
        this.function = function;
        this.digest = digest;
        this.bytes = bytes;
    }

    /**
     * A multihash from a digest computed elsewhere. A digest shorter than the function's output is a
     * truncated digest, which the multihash spec allows; a longer one cannot exist and is rejected.
     */
    public static Multihash of(long function, byte[] digest) {
        byte[] copy = digest.clone();
        checkDigestLength(function, copy.length);
        int headerLength = Varint.encodedLength(function) + Varint.encodedLength(copy.length);
        byte[] bytes = new byte[headerLength + copy.length];
        int position = Varint.write(function, bytes, 0);
        position += Varint.write(copy.length, bytes, position);
        System.arraycopy(copy, 0, bytes, position, copy.length);
        return new Multihash(function, copy, bytes);
    }

    public static Multihash of(Multicodec function, byte[] digest) {
        return of(function.code(), digest);
    }

    /** Hashes {@code data} with {@code function}. */
    public static Multihash digest(Multicodec function, byte[] data) {
        return digest(function, data, 0, data.length);
    }

    public static Multihash digest(Multicodec function, byte[] data, int offset, int length) {
        return of(function, hasher(function).hash(data, offset, length));
    }

    public static Multihash sha256(byte[] data) {
        return digest(Multicodec.SHA2_256, data);
    }

    /** Parses a whole byte array as one multihash. */
    public static Multihash fromBytes(byte[] bytes) {
        Multihash multihash = read(bytes, 0);
        if (multihash.bytes.length != bytes.length) {
            throw new MultiformatException(MULTIHASH_LENGTH_MISMATCH, "multihash ends at byte "
                    + multihash.bytes.length + " but the input has " + bytes.length + " bytes ("
                    + (bytes.length - multihash.bytes.length) + " trailing)");
        }
        return multihash;
    }

    /** Parses one multihash starting at {@code offset}; {@link #length()} tells how many bytes it took. */
    public static Multihash read(byte[] source, int offset) {
        Varint.Decoded function = Varint.decode(source, offset);
        int lengthOffset = offset + function.length();
        Varint.Decoded length = Varint.decode(source, lengthOffset);
        if (length.value() > MAX_DIGEST_LENGTH) {
            throw new MultiformatException(MULTIHASH_LENGTH_MISMATCH, "multihash at byte " + offset
                    + " declares a digest of " + length.value() + " bytes (at byte " + lengthOffset
                    + "); at most " + MAX_DIGEST_LENGTH + " are accepted");
        }
        int digestStart = lengthOffset + length.length();
        int digestLength = (int) length.value();
        if (digestLength > source.length - digestStart) {
            throw new MultiformatException(MULTIHASH_TRUNCATED, "multihash at byte " + offset + " is truncated: "
                    + "its digest declares " + digestLength + " bytes from byte " + digestStart + ", but only "
                    + (source.length - digestStart) + " remain");
        }
        checkDigestLength(function.value(), digestLength);
        byte[] digest = Arrays.copyOfRange(source, digestStart, digestStart + digestLength);
        byte[] bytes = Arrays.copyOfRange(source, offset, digestStart + digestLength);
        return new Multihash(function.value(), digest, bytes);
    }

    private static void checkDigestLength(long function, int digestLength) {
        if (digestLength > MAX_DIGEST_LENGTH) {
            throw new MultiformatException(MULTIHASH_LENGTH_MISMATCH,
                    "multihash digest of " + digestLength + " bytes exceeds " + MAX_DIGEST_LENGTH);
        }
        int maximum = outputLength(function);
        if (maximum >= 0 && digestLength > maximum) {
            throw new MultiformatException(MULTIHASH_LENGTH_MISMATCH, Multicodec.nameOf(function)
                    + " produces at most " + maximum + " digest bytes; got " + digestLength);
        }
    }

    /** Full output length of a fixed-length hash function, or -1 when it has none (identity, XOFs, unknown). */
    private static int outputLength(long function) {
        if (function == Multicodec.SHA2_256.code() || function == Multicodec.SHA3_256.code()
                || function == Multicodec.BLAKE2B_256.code()
                || function == Multicodec.SHA2_256_TRUNC254_PADDED.code()) {
            return 32;
        }
        if (function == Multicodec.SHA2_512.code() || function == Multicodec.SHA3_512.code()) {
            return 64;
        }
        return -1;
    }

    public long function() {
        return function;
    }

    public byte[] digest() {
        return digest.clone();
    }

    public int digestLength() {
        return digest.length;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Encoded length in bytes. */
    public int length() {
        return bytes.length;
    }

    void writeTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    /**
     * True when {@code data} hashes to this multihash; a truncated digest matches the start of the full
     * one. Throws {@code MULTIHASH_UNSUPPORTED} for functions {@link #hasher} cannot compute.
     */
    public boolean matches(byte[] data) {
        return matches(data, 0, data.length);
    }

    public boolean matches(byte[] data, int offset, int length) {
        if (!isSupported(function)) {
            throw new MultiformatException(MULTIHASH_UNSUPPORTED,
                    "hash function " + Multicodec.nameOf(function) + " is not supported");
        }
        Multicodec codec = Multicodec.byCode(function);
        if (codec == Multicodec.IDENTITY) {
            return Arrays.equals(data, offset, offset + length, digest, 0, digest.length);
        }
        byte[] computed = codec == Multicodec.BLAKE3
                ? blake3(data, offset, length, digest.length)
                : hasher(codec).hash(data, offset, length);
        return MessageDigest.isEqual(Arrays.copyOf(computed, digest.length), digest);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Multihash that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return Multibase.BASE58BTC.encodeRaw(bytes);
    }

    /** A hash function usable for content addressing. */
    @FunctionalInterface
    public interface Hasher {
        byte[] hash(byte[] data, int offset, int length);
    }

    public static Hasher hasher(Multicodec function) {
        return switch (function) {
            case IDENTITY -> (data, offset, length) -> Arrays.copyOfRange(data, offset, offset + length);
            case SHA2_256 -> jdk("SHA-256");
            case SHA2_512 -> jdk("SHA-512");
            case SHA3_256 -> (data, offset, length) -> sha3(256, data, offset, length);
            case SHA3_512 -> (data, offset, length) -> sha3(512, data, offset, length);
            case BLAKE2B_256 -> (data, offset, length) -> {
                Blake2bDigest blake = new Blake2bDigest(256);
                blake.update(data, offset, length);
                byte[] out = new byte[32];
                blake.doFinal(out, 0);
                return out;
            };
            case BLAKE3 -> (data, offset, length) -> blake3(data, offset, length, 32);
            default -> throw new MultiformatException(MULTIHASH_UNSUPPORTED,
                    "hash function " + function.codecName() + " is not supported");
        };
    }

    /** True when {@link #hasher} can compute this function. */
    public static boolean isSupported(long function) {
        return function == Multicodec.IDENTITY.code() || function == Multicodec.SHA2_256.code()
                || function == Multicodec.SHA2_512.code() || function == Multicodec.SHA3_256.code()
                || function == Multicodec.SHA3_512.code() || function == Multicodec.BLAKE2B_256.code()
                || function == Multicodec.BLAKE3.code();
    }

    private static byte[] blake3(byte[] data, int offset, int length, int outputLength) {
        Blake3Digest blake = new Blake3Digest(256);
        blake.update(data, offset, length);
        byte[] out = new byte[outputLength];
        blake.doFinal(out, 0, outputLength);
        return out;
    }

    private static byte[] sha3(int bits, byte[] data, int offset, int length) {
        SHA3Digest sha3 = new SHA3Digest(bits);
        sha3.update(data, offset, length);
        byte[] out = new byte[bits / 8];
        sha3.doFinal(out, 0);
        return out;
    }

    private static Hasher jdk(String algorithm) {
        return (data, offset, length) -> {
            MessageDigest messageDigest = newDigest(algorithm);
            messageDigest.update(ByteBuffer.wrap(data, offset, length));
            return messageDigest.digest();
        };
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }
}

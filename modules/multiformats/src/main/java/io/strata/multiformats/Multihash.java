package io.strata.multiformats;

import org.bouncycastle.crypto.digests.Blake2bDigest;
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
 * the binary form.
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

    public static Multihash of(long function, byte[] digest) {
        byte[] copy = digest.clone();
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
            throw new MultiformatException(MULTIHASH_LENGTH_MISMATCH,
                    "multihash has " + (bytes.length - multihash.bytes.length) + " trailing bytes");
        }
        return multihash;
    }

    /** Parses one multihash starting at {@code offset}; {@link #length()} tells how many bytes it took. */
    public static Multihash read(byte[] source, int offset) {
        Varint.Decoded function = Varint.decode(source, offset);
        Varint.Decoded length = Varint.decode(source, offset + function.length());
        if (length.value() > MAX_DIGEST_LENGTH) {
            throw new MultiformatException(MULTIHASH_LENGTH_MISMATCH,
                    "multihash digest length " + length.value() + " exceeds " + MAX_DIGEST_LENGTH);
        }
        int digestStart = offset + function.length() + length.length();
        int digestLength = (int) length.value();
        if (digestStart + digestLength > source.length) {
            throw new MultiformatException(MULTIHASH_TRUNCATED,
                    "multihash truncated: digest declares " + digestLength + " bytes, "
                            + Math.max(0, source.length - digestStart) + " present");
        }
        byte[] digest = Arrays.copyOfRange(source, digestStart, digestStart + digestLength);
        byte[] bytes = Arrays.copyOfRange(source, offset, digestStart + digestLength);
        Multihash multihash = new Multihash(function.value(), digest, bytes);
        multihash.checkDigestLength();
        return multihash;
    }

    private void checkDigestLength() {
        int expected = switch ((int) function) {
            case 0x12, 0x16, 0xb220 -> 32;
            case 0x13, 0x14 -> 64;
            default -> -1;
        };
        if (expected >= 0 && digest.length != expected) {
            throw new MultiformatException(MULTIHASH_LENGTH_MISMATCH, Multicodec.nameOf(function)
                    + " digest must be " + expected + " bytes, got " + digest.length);
        }
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

    /** True when {@code data} hashes to this multihash. */
    public boolean matches(byte[] data) {
        return matches(data, 0, data.length);
    }

    public boolean matches(byte[] data, int offset, int length) {
        Multicodec codec = Multicodec.byCode(function);
        byte[] computed = hasher(codec).hash(data, offset, length);
        if (codec == Multicodec.IDENTITY) {
            return Arrays.equals(computed, digest);
        }
        return MessageDigest.isEqual(computed, digest);
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
            default -> throw new MultiformatException(MULTIHASH_UNSUPPORTED,
                    "hash function " + function.codecName() + " is not supported");
        };
    }

    /** True when {@link #hasher} can compute this function. */
    public static boolean isSupported(long function) {
        return function == 0x00 || function == 0x12 || function == 0x13 || function == 0x16
                || function == 0x14 || function == 0xb220;
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

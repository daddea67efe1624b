package io.strata.deals;

import io.strata.multiformats.MultiformatException;
import io.strata.multiformats.Multibase;
import io.strata.multiformats.Varint;
import org.bouncycastle.crypto.digests.Blake2bDigest;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

import static io.strata.deals.DealsException.Code.INVALID_ADDRESS;

/**
 * A Filecoin address: a protocol and its payload. The binary form (as in a deal proposal) is the protocol
 * byte followed by the payload; the text form is the network prefix ({@code f} main net, {@code t} test
 * nets), the protocol digit, then the decimal actor id (protocol 0), or the namespace, {@code f} and the
 * base32 subaddress with checksum (protocol 4), or the base32 payload with checksum (protocols 1-3). The
 * checksum is the 4-byte BLAKE2b of protocol byte and payload.
 */
public final class FilecoinAddress {

    public enum Protocol {
        /** An actor id assigned by the chain: the canonical form of a deal's client and provider. */
        ID(0, -1),
        /** BLAKE2b-160 of an uncompressed secp256k1 public key. */
        SECP256K1(1, 20),
        /** BLAKE2b-160 of the actor's creation data. */
        ACTOR(2, 20),
        /** A 48-byte BLS public key. */
        BLS(3, 48),
        /** An address delegated to the actor with id {@code namespace}: FEVM's {@code f410...}. */
        DELEGATED(4, -1);

        private final int code;
        private final int payloadLength;

        Protocol(int code, int payloadLength) {
            this.code = code;
            this.payloadLength = payloadLength;
        }

        public int code() {
            return code;
        }

        static Protocol of(int code) {
            for (Protocol protocol : values()) {
                if (protocol.code == code) {
                    return protocol;
                }
            }
            throw new DealsException(INVALID_ADDRESS, "unknown address protocol " + code + "; Filecoin has 0 to 4");
        }
    }

    public enum Network {
        MAINNET('f'), TESTNET('t');

        private final char prefix;

        Network(char prefix) {
            this.prefix = prefix;
        }
    }

    private static final int CHECKSUM_LENGTH = 4;
    private static final int MAX_SUBADDRESS_LENGTH = 54;
    private static final int SECP256K1_UNCOMPRESSED_KEY_LENGTH = 65;

    private final Protocol protocol;
    private final byte[] payload;

    private FilecoinAddress(Protocol protocol, byte[] payload) {
        this.protocol = protocol;
        this.payload = payload;
    }

    public static FilecoinAddress id(long actorId) {
        if (actorId < 0) {
            throw new DealsException(INVALID_ADDRESS, "an actor id is not negative; got " + actorId);
        }
        return new FilecoinAddress(Protocol.ID, Varint.encode(actorId));
    }

    /** The address of a secp256k1 account: BLAKE2b-160 of its 65-byte uncompressed public key. */
    public static FilecoinAddress secp256k1(byte[] uncompressedPublicKey) {
        if (uncompressedPublicKey.length != SECP256K1_UNCOMPRESSED_KEY_LENGTH || uncompressedPublicKey[0] != 4) {
            throw new DealsException(INVALID_ADDRESS, "a secp256k1 address is made from a "
                    + SECP256K1_UNCOMPRESSED_KEY_LENGTH + "-byte uncompressed public key starting with 0x04");
        }
        return new FilecoinAddress(Protocol.SECP256K1, blake2b(uncompressedPublicKey, 20));
    }

    public static FilecoinAddress bls(byte[] publicKey) {
        return of(Protocol.BLS, publicKey);
    }

    public static FilecoinAddress delegated(long namespace, byte[] subaddress) {
        if (namespace < 0 || subaddress.length > MAX_SUBADDRESS_LENGTH) {
            throw new DealsException(INVALID_ADDRESS, "a delegated address has a non-negative namespace and at most "
                    + MAX_SUBADDRESS_LENGTH + " subaddress bytes; got namespace " + namespace + " and "
                    + subaddress.length + " bytes");
        }
        byte[] namespaceBytes = Varint.encode(namespace);
        byte[] payload = Arrays.copyOf(namespaceBytes, namespaceBytes.length + subaddress.length);
        System.arraycopy(subaddress, 0, payload, namespaceBytes.length, subaddress.length);
        return new FilecoinAddress(Protocol.DELEGATED, payload);
    }

    /** The address whose binary form is {@code bytes}: protocol byte, then payload. */
    public static FilecoinAddress fromBytes(byte[] bytes) {
        if (bytes.length == 0) {
            throw new DealsException(INVALID_ADDRESS, "an address is at least a protocol byte; got no bytes");
        }
        return of(Protocol.of(bytes[0] & 0xff), Arrays.copyOfRange(bytes, 1, bytes.length));
    }

    private static FilecoinAddress of(Protocol protocol, byte[] payload) {
        switch (protocol) {
            case ID -> {
                long id = readVarint(payload, 0, "an ID address payload");
                if (Varint.encodedLength(id) != payload.length) {
                    throw new DealsException(INVALID_ADDRESS, "ID address payload " + HexFormat.of().formatHex(payload)
                            + " has bytes after its varint");
                }
            }
            case DELEGATED -> {
                long namespace = readVarint(payload, 0, "a delegated address namespace");
                int subaddress = payload.length - Varint.encodedLength(namespace);
                if (subaddress > MAX_SUBADDRESS_LENGTH) {
                    throw new DealsException(INVALID_ADDRESS, "a delegated subaddress is at most "
                            + MAX_SUBADDRESS_LENGTH + " bytes; got " + subaddress);
                }
            }
            default -> {
                if (payload.length != protocol.payloadLength) {
                    throw new DealsException(INVALID_ADDRESS, "a " + protocol + " address payload is "
                            + protocol.payloadLength + " bytes; got " + payload.length);
                }
            }
        }
        return new FilecoinAddress(protocol, payload.clone());
    }

    /**
     * Parses the text form on either network.
     *
     * @throws DealsException {@code INVALID_ADDRESS} naming what is wrong, a bad checksum included
     */
    public static FilecoinAddress parse(String text) {
        if (text.length() < 3 || (text.charAt(0) != 'f' && text.charAt(0) != 't')) {
            throw new DealsException(INVALID_ADDRESS, "\"" + text + "\" is not a Filecoin address: it starts with f"
                    + " or t, a protocol digit and the payload");
        }
        Protocol protocol = Protocol.of(Character.digit(text.charAt(1), 10));
        String rest = text.substring(2);
        if (protocol == Protocol.ID) {
            if (!rest.matches("0|[1-9][0-9]{0,18}")) {
                throw new DealsException(INVALID_ADDRESS, "\"" + text + "\": an ID address has a decimal actor id");
            }
            try {
                return id(Long.parseLong(rest));
            } catch (NumberFormatException e) {
                throw new DealsException(INVALID_ADDRESS, "\"" + text + "\": the actor id exceeds 2^63-1", e);
            }
        }
        FilecoinAddress address;
        byte[] checksum;
        if (protocol == Protocol.DELEGATED) {
            int separator = rest.indexOf('f');
            if (separator <= 0 || !rest.substring(0, separator).matches("0|[1-9][0-9]{0,18}")) {
                throw new DealsException(INVALID_ADDRESS, "\"" + text
                        + "\": a delegated address is f4, the decimal namespace, f and the base32 subaddress");
            }
            byte[] decoded = base32(rest.substring(separator + 1), text);
            address = delegated(Long.parseLong(rest.substring(0, separator)),
                    Arrays.copyOf(decoded, decoded.length - CHECKSUM_LENGTH));
            checksum = Arrays.copyOfRange(decoded, decoded.length - CHECKSUM_LENGTH, decoded.length);
        } else {
            byte[] decoded = base32(rest, text);
            address = of(protocol, Arrays.copyOf(decoded, decoded.length - CHECKSUM_LENGTH));
            checksum = Arrays.copyOfRange(decoded, decoded.length - CHECKSUM_LENGTH, decoded.length);
        }
        if (!Arrays.equals(checksum, address.checksum())) {
            throw new DealsException(INVALID_ADDRESS, "\"" + text + "\" has a wrong checksum");
        }
        return address;
    }

    public Protocol protocol() {
        return protocol;
    }

    public byte[] payload() {
        return payload.clone();
    }

    /** The actor id of an ID address. */
    public long actorId() {
        if (protocol != Protocol.ID) {
            throw new IllegalStateException(this + " is not an ID address");
        }
        return Varint.decode(payload, 0).value();
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[payload.length + 1];
        bytes[0] = (byte) protocol.code;
        System.arraycopy(payload, 0, bytes, 1, payload.length);
        return bytes;
    }

    public String toString(Network network) {
        String head = network.prefix + Integer.toString(protocol.code);
        return switch (protocol) {
            case ID -> head + actorId();
            case DELEGATED -> {
                long namespace = Varint.decode(payload, 0).value();
                byte[] subaddress = Arrays.copyOfRange(payload, Varint.encodedLength(namespace), payload.length);
                yield head + namespace + "f" + Multibase.BASE32.encodeRaw(concat(subaddress, checksum()));
            }
            default -> head + Multibase.BASE32.encodeRaw(concat(payload, checksum()));
        };
    }

    /** The main-net text form. */
    @Override
    public String toString() {
        return toString(Network.MAINNET);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FilecoinAddress that && protocol == that.protocol && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return 31 * protocol.hashCode() + Arrays.hashCode(payload);
    }

    private byte[] checksum() {
        return blake2b(toBytes(), CHECKSUM_LENGTH);
    }

    private static long readVarint(byte[] bytes, int offset, String what) {
        try {
            return Varint.decode(bytes, offset).value();
        } catch (MultiformatException e) {
            throw new DealsException(INVALID_ADDRESS, what + " is not a varint: " + e.getMessage(), e);
        }
    }

    private static byte[] base32(String text, String address) {
        if (!text.toLowerCase(Locale.ROOT).equals(text)) {
            throw new DealsException(INVALID_ADDRESS, "\"" + address + "\" is not lower-case base32");
        }
        byte[] decoded;
        try {
            decoded = Multibase.BASE32.decodeRaw(text);
        } catch (MultiformatException e) {
            throw new DealsException(INVALID_ADDRESS, "\"" + address + "\" is not lower-case base32: " + e.getMessage(),
                    e);
        }
        if (decoded.length < CHECKSUM_LENGTH) {
            throw new DealsException(INVALID_ADDRESS, "\"" + address + "\" is too short to hold a checksum");
        }
        return decoded;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }

    static byte[] blake2b(byte[] data, int length) {
        Blake2bDigest digest = new Blake2bDigest(length * 8);
        digest.update(data, 0, data.length);
        byte[] out = new byte[length];
        digest.doFinal(out, 0);
        return out;
    }
}

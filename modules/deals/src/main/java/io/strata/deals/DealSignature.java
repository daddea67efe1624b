package io.strata.deals;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import static io.strata.deals.DealsException.Code.MALFORMED;

/**
 * A signature as Filecoin serializes it: one type byte followed by the signature bytes, carried as a CBOR byte
 * string.
 */
public record DealSignature(Type type, byte[] data) {

    public enum Type {
        /**
         * Filecoin's secp256k1 signature over the BLAKE2b-256 of the message: 65 bytes r, s, recovery id
         * ({@link Secp256k1ClientKey}, {@link Secp256k1Accounts}).
         */
        SECP256K1(1),
        /** Filecoin's BLS signature; decoded, but no authenticator here verifies it. */
        BLS(2),
        /**
         * An Ed25519 signature (64 bytes) over the message itself. Filecoin has no Ed25519 accounts; Strata
         * nodes sign with their libp2p identity key, so this type byte (outside Filecoin's range) marks it.
         */
        ED25519(0xed);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Type of(int code) {
            for (Type type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
            throw new DealsException(MALFORMED, "unknown signature type 0x" + Integer.toHexString(code)
                    + "; known: 0x01 secp256k1, 0x02 BLS, 0xed Ed25519");
        }
    }

    public DealSignature {
        Objects.requireNonNull(type, "type");
        data = data.clone();
    }

    public static DealSignature fromBytes(byte[] bytes) {
        if (bytes.length == 0) {
            throw new DealsException(MALFORMED, "a signature is at least its type byte; got no bytes");
        }
        return new DealSignature(Type.of(bytes[0] & 0xff), Arrays.copyOfRange(bytes, 1, bytes.length));
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[data.length + 1];
        bytes[0] = (byte) type.code;
        System.arraycopy(data, 0, bytes, 1, data.length);
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DealSignature that && type == that.type && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "DealSignature[" + type + " " + HexFormat.of().formatHex(data) + "]";
    }
}

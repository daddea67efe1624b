package io.strata.multiformats;

import java.util.HashMap;
import java.util.Map;

import static io.strata.multiformats.MultiformatException.Code.CODEC_UNKNOWN;

/** The part of the multicodec table Strata speaks: content codecs, hash functions and key types. */
public enum Multicodec {
    IDENTITY(0x00, "identity"),
    SHA2_256(0x12, "sha2-256"),
    SHA2_512(0x13, "sha2-512"),
    SHA3_256(0x16, "sha3-256"),
    SHA3_512(0x14, "sha3-512"),
    BLAKE2B_256(0xb220, "blake2b-256"),
    BLAKE3(0x1e, "blake3"),
    SHA2_256_TRUNC254_PADDED(0x1012, "sha2-256-trunc254-padded"),
    FR32_SHA256_TRUNC254_PADBINTREE(0x1011, "fr32-sha256-trunc254-padbintree"),
    CIDV1(0x01, "cidv1"),
    RAW(0x55, "raw"),
    DAG_PB(0x70, "dag-pb"),
    DAG_CBOR(0x71, "dag-cbor"),
    LIBP2P_KEY(0x72, "libp2p-key"),
    DAG_JSON(0x0129, "dag-json"),
    DAG_JOSE(0x85, "dag-jose"),
    JSON(0x0200, "json"),
    CBOR(0x51, "cbor"),
    CAR(0x0202, "car"),
    FIL_COMMITMENT_UNSEALED(0xf101, "fil-commitment-unsealed"),
    FIL_COMMITMENT_SEALED(0xf102, "fil-commitment-sealed"),
    ED25519_PUB(0xed, "ed25519-pub"),
    SECP256K1_PUB(0xe7, "secp256k1-pub");

    private static final Map<Long, Multicodec> BY_CODE = new HashMap<>();
    private static final Map<String, Multicodec> BY_NAME = new HashMap<>();

    static {
        for (Multicodec codec : values()) {
            BY_CODE.put(codec.code, codec);
            BY_NAME.put(codec.codecName, codec);
        }
    }

    private final long code;
    private final String codecName;

    Multicodec(long code, String codecName) {
        this.code = code;
        this.codecName = codecName;
    }

    public long code() {
        return code;
    }

    /** The name in the multicodec table, as Kubo prints and accepts it. */
    public String codecName() {
        return codecName;
    }

    public static Multicodec byCode(long code) {
        Multicodec codec = BY_CODE.get(code);
        if (codec == null) {
            throw new MultiformatException(CODEC_UNKNOWN, "unknown multicodec 0x" + Long.toHexString(code));
        }
        return codec;
    }

    public static boolean isKnown(long code) {
        return BY_CODE.containsKey(code);
    }

    public static Multicodec byName(String name) {
        Multicodec codec = BY_NAME.get(name);
        if (codec == null) {
            throw new MultiformatException(CODEC_UNKNOWN, "unknown multicodec '" + name + "'");
        }
        return codec;
    }

    /** A name for any code, known or not, for messages and listings. */
    public static String nameOf(long code) {
        Multicodec codec = BY_CODE.get(code);
        return codec != null ? codec.codecName : "0x" + Long.toHexString(code);
    }
}

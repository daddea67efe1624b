package io.strata.orbit;

import io.strata.ipld.Block;
import io.strata.ipld.IpldException;
import io.strata.ipld.codec.DagCbor;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multibase;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.MultiformatException;

import java.util.Map;

/**
 * How OrbitDB stores its records: a dag-cbor block hashed with sha2-256 into a CIDv1 (its
 * {@code Block.encode} with {@code @ipld/dag-cbor}), named by that CID in base58btc.
 */
final class OrbitBlocks {

    private OrbitBlocks() {
    }

    static Block encode(Object value) {
        byte[] bytes = DagCbor.encode(value);
        return new Block(Cid.of(Multicodec.DAG_CBOR, Multicodec.SHA2_256, bytes), bytes);
    }

    static String hash(Cid cid) {
        return cid.toV1().toString(Multibase.BASE58BTC);
    }

    /** Decodes a block into its top-level map, or fails with {@code code}. */
    static Map<?, ?> decodeMap(byte[] bytes, OrbitException.Code code, String what) {
        Object decoded;
        try {
            decoded = DagCbor.decode(bytes);
        } catch (IpldException e) {
            throw new OrbitException(code, what + " is not strict dag-cbor: " + e.getMessage(), e);
        }
        if (decoded instanceof Map<?, ?> map) {
            return map;
        }
        throw new OrbitException(code, what + " must be a dag-cbor map, got " + decoded);
    }

    static String string(Map<?, ?> map, String field, OrbitException.Code code, String what) {
        if (map.get(field) instanceof String value) {
            return value;
        }
        throw new OrbitException(code, what + " field '" + field + "' must be a string, got " + map.get(field));
    }

    static Cid parseCid(String text, OrbitException.Code code, String what) {
        try {
            return Cid.parse(text);
        } catch (MultiformatException e) {
            throw new OrbitException(code, what + " '" + text + "' is not a CID: " + e.getMessage(), e);
        }
    }
}

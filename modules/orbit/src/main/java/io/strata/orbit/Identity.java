package io.strata.orbit;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static io.strata.orbit.OrbitException.Code.IDENTITY_MALFORMED;

/**
 * An OrbitDB identity as its {@code Identities} stores it: the dag-cbor block
 * {@code {id, publicKey, signatures: {id, publicKey}, type}}, named by the base58btc CID that entries carry
 * in their {@code identity} field. With the {@code publickey} provider, {@code id} is the hex compressed
 * secp256k1 key of the identity's owner, {@code publicKey} the hex key that signs entries,
 * {@code signatures.id} that signing key's signature of {@code id}, and {@code signatures.publicKey} the
 * owner key's signature of {@code publicKey + signatures.id} (all signatures hex DER).
 */
public record Identity(String id, String publicKey, String idSignature, String publicKeySignature, String type) {

    public static final String PUBLICKEY_TYPE = "publickey";

    public Identity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(idSignature, "idSignature");
        Objects.requireNonNull(publicKeySignature, "publicKeySignature");
        Objects.requireNonNull(type, "type");
        if (id.isEmpty() || publicKey.isEmpty() || idSignature.isEmpty() || publicKeySignature.isEmpty()
                || type.isEmpty()) {
            throw new OrbitException(IDENTITY_MALFORMED, "every identity field is required and non-empty");
        }
    }

    public Block toBlock() {
        Map<String, Object> signatures = new LinkedHashMap<>();
        signatures.put("id", idSignature);
        signatures.put("publicKey", publicKeySignature);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("publicKey", publicKey);
        fields.put("signatures", signatures);
        fields.put("type", type);
        return OrbitBlocks.encode(fields);
    }

    public Cid cid() {
        return toBlock().cid();
    }

    /** The identity's hash as entries name it: its CID in base58btc. */
    public String hash() {
        return OrbitBlocks.hash(cid());
    }

    /** @throws OrbitException {@code IDENTITY_MALFORMED} */
    public static Identity decode(byte[] bytes) {
        Map<?, ?> map = OrbitBlocks.decodeMap(bytes, IDENTITY_MALFORMED, "identity");
        if (!(map.get("signatures") instanceof Map<?, ?> signatures)) {
            throw new OrbitException(IDENTITY_MALFORMED, "identity field 'signatures' must be a map");
        }
        return new Identity(OrbitBlocks.string(map, "id", IDENTITY_MALFORMED, "identity"),
                OrbitBlocks.string(map, "publicKey", IDENTITY_MALFORMED, "identity"),
                OrbitBlocks.string(signatures, "id", IDENTITY_MALFORMED, "identity signatures"),
                OrbitBlocks.string(signatures, "publicKey", IDENTITY_MALFORMED, "identity signatures"),
                OrbitBlocks.string(map, "type", IDENTITY_MALFORMED, "identity"));
    }

    /** Decodes a block fetched under {@code expected}, checking that the bytes hash to it. */
    public static Identity decode(Cid expected, byte[] bytes) {
        Identity identity = decode(bytes);
        if (!identity.cid().equals(expected.toV1())) {
            throw new OrbitException(IDENTITY_MALFORMED, "identity bytes hash to " + identity.hash() + ", not "
                    + OrbitBlocks.hash(expected));
        }
        return identity;
    }
}

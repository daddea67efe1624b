package io.strata.orbit;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.strata.orbit.OrbitException.Code.MANIFEST_MALFORMED;

/**
 * The manifest of OrbitDB's {@code ipfs} access controller, {@code {type: "ipfs", write: [identity ids]}},
 * stored as a dag-cbor block; databases refer to it as {@code /ipfs/<its CID in base58btc>}. A write list
 * holding {@code "*"} admits every writer.
 */
public record AccessControllerManifest(String type, List<String> write) {

    public static final String IPFS_TYPE = "ipfs";
    public static final String ANY_WRITER = "*";

    private static final String ADDRESS_PREFIX = "/ipfs/";

    public AccessControllerManifest {
        Objects.requireNonNull(type, "type");
        write = List.copyOf(write);
    }

    public static AccessControllerManifest writers(List<String> identityIds) {
        return new AccessControllerManifest(IPFS_TYPE, identityIds);
    }

    public Block toBlock() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", type);
        fields.put("write", List.<Object>copyOf(write));
        return OrbitBlocks.encode(fields);
    }

    /** The string a database manifest's {@code accessController} field holds. */
    public String address() {
        return ADDRESS_PREFIX + OrbitBlocks.hash(toBlock().cid());
    }

    /** @throws OrbitException {@code MANIFEST_MALFORMED} */
    public static AccessControllerManifest decode(byte[] bytes) {
        Map<?, ?> map = OrbitBlocks.decodeMap(bytes, MANIFEST_MALFORMED, "access controller manifest");
        String type = OrbitBlocks.string(map, "type", MANIFEST_MALFORMED, "access controller manifest");
        if (!(map.get("write") instanceof List<?> list)) {
            throw new OrbitException(MANIFEST_MALFORMED, "access controller manifest field 'write' must be a list");
        }
        List<String> write = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String id)) {
                throw new OrbitException(MANIFEST_MALFORMED, "access controller write list holds a non-string " + item);
            }
            write.add(id);
        }
        return new AccessControllerManifest(type, write);
    }

    /** The CID named by a manifest's {@code accessController} string, {@code /ipfs/<cid>}. */
    public static Cid cidOf(String address) {
        if (address == null || !address.startsWith(ADDRESS_PREFIX)) {
            throw new OrbitException(MANIFEST_MALFORMED, "access controller address must be " + ADDRESS_PREFIX
                    + "<cid>, got " + address);
        }
        return OrbitBlocks.parseCid(address.substring(ADDRESS_PREFIX.length()), MANIFEST_MALFORMED,
                "access controller address");
    }

    /** Whether an identity with this id may write (OrbitDB's {@code canAppend} before it verifies the identity). */
    public boolean admits(String identityId) {
        return write.contains(identityId) || write.contains(ANY_WRITER);
    }
}

package io.strata.orbit;

import io.strata.ipld.Block;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static io.strata.orbit.OrbitException.Code.MANIFEST_MALFORMED;

/**
 * An OrbitDB database manifest, {@code {name, type, accessController}} plus {@code meta} when given, as
 * its {@code ManifestStore} writes it. The CID of its dag-cbor block is the database's address.
 *
 * @param meta any IPLD data model value, or null when the manifest has no {@code meta} field
 */
public record DatabaseManifest(String name, String type, String accessController, Object meta) {

    public DatabaseManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(accessController, "accessController");
        if (name.isEmpty() || type.isEmpty() || accessController.isEmpty()) {
            throw new OrbitException(MANIFEST_MALFORMED, "name, type and accessController are required");
        }
    }

    public DatabaseManifest(String name, String type, String accessController) {
        this(name, type, accessController, null);
    }

    public Optional<Object> metaValue() {
        return Optional.ofNullable(meta);
    }

    public Block toBlock() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("type", type);
        fields.put("accessController", accessController);
        if (meta != null) {
            fields.put("meta", meta);
        }
        return OrbitBlocks.encode(fields);
    }

    public OrbitAddress address() {
        return new OrbitAddress(toBlock().cid());
    }

    /** @throws OrbitException {@code MANIFEST_MALFORMED} */
    public static DatabaseManifest decode(byte[] bytes) {
        Map<?, ?> map = OrbitBlocks.decodeMap(bytes, MANIFEST_MALFORMED, "database manifest");
        return new DatabaseManifest(OrbitBlocks.string(map, "name", MANIFEST_MALFORMED, "database manifest"),
                OrbitBlocks.string(map, "type", MANIFEST_MALFORMED, "database manifest"),
                OrbitBlocks.string(map, "accessController", MANIFEST_MALFORMED, "database manifest"),
                map.get("meta"));
    }
}

package io.strata.orbit.store;

import java.util.Arrays;
import java.util.Optional;

/** The database types, named as a manifest's {@code type} field names them. */
public enum StoreType {
    EVENTS("events"),
    KEYVALUE("keyvalue"),
    DOCUMENTS("documents"),
    COUNTER("counter");

    private final String manifestName;

    StoreType(String manifestName) {
        this.manifestName = manifestName;
    }

    public String manifestName() {
        return manifestName;
    }

    public static Optional<StoreType> fromManifestName(String name) {
        return Arrays.stream(values()).filter(type -> type.manifestName.equals(name)).findFirst();
    }
}

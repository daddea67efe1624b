package io.strata.ipld.car;

import io.strata.ipld.IpldException;

import static io.strata.ipld.IpldException.Code.UNSUPPORTED;

/** The trustless gateway's {@code dag-scope}: how much of the DAG under a CID a CAR carries. */
public enum DagScope {
    /** Only the block itself. */
    BLOCK("block"),
    /**
     * What is needed to read the entity the CID names: every block of a UnixFS file; a UnixFS directory
     * node with its HAMT shard nodes but none of its children; the block alone for anything else.
     */
    ENTITY("entity"),
    /** The whole DAG. */
    ALL("all");

    private final String parameter;

    DagScope(String parameter) {
        this.parameter = parameter;
    }

    /** The value of the {@code dag-scope} URL parameter. */
    public String parameter() {
        return parameter;
    }

    public static DagScope fromParameter(String value) {
        for (DagScope scope : values()) {
            if (scope.parameter.equals(value)) {
                return scope;
            }
        }
        throw new IpldException(UNSUPPORTED, "unknown dag-scope '" + value + "' (expected block, entity or all)");
    }
}

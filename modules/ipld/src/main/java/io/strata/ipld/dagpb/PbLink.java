package io.strata.ipld.dagpb;

import io.strata.multiformats.Cid;

import java.util.Objects;

/**
 * A dag-pb link. {@code name} and {@code tsize} are optional in the wire format; {@code null} means absent,
 * which is distinct from an empty name or a zero size.
 */
public record PbLink(Cid hash, String name, Long tsize) {

    public PbLink {
        Objects.requireNonNull(hash, "a dag-pb link needs a Hash");
    }
}

package io.strata.ipld.dagpb;

import java.util.List;

/** A dag-pb node. {@code data} is {@code null} when the Data field is absent (distinct from empty). */
public record PbNode(List<PbLink> links, byte[] data) {

    public PbNode {
        links = List.copyOf(links);
    }
}

package io.strata.gateway;

import io.strata.ipld.car.DagScope;

import java.util.Optional;

/**
 * What a CAR request asked for: {@code dag-scope}, {@code entity-bytes}, and whether duplicate blocks are
 * repeated ({@code dups}). Blocks always come in DFS order and the CAR is always version 1.
 */
record CarOptions(DagScope scope, Optional<EntityBytes> entityBytes, boolean duplicates) {

    static final CarOptions DEFAULT = new CarOptions(DagScope.ALL, Optional.empty(), false);

    /** The response Content-Type, with every parameter the trustless gateway spec asks for. */
    String contentType() {
        return ResponseFormat.CAR.mediaType() + "; version=1; order=dfs; dups=" + (duplicates ? "y" : "n");
    }

    /** A short stable description of the options, for the Etag. */
    String etagSuffix() {
        StringBuilder suffix = new StringBuilder(scope.parameter());
        entityBytes.ifPresent(range -> suffix.append('.').append(range));
        if (duplicates) {
            suffix.append(".dups");
        }
        return suffix.toString();
    }
}

package io.strata.deals;

import io.strata.ipld.IpldException;
import io.strata.ipld.codec.DagCbor;
import io.strata.multiformats.Cid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static io.strata.deals.DealsException.Code.MALFORMED;

/**
 * A provider's answer to a {@link ProofChallenge}: the v2 piece CID and seed it answers, and one inclusion
 * proof per challenged leaf in the challenge's order. Serialized as the DAG-CBOR tuple
 * {@code [pieceCid, seed, [[leafIndex, leaf, path], ...]]}.
 */
public record StorageProof(Cid pieceCid, byte[] seed, List<InclusionProof> proofs) {

    public StorageProof {
        Objects.requireNonNull(pieceCid, "pieceCid");
        seed = seed.clone();
        proofs = List.copyOf(proofs);
    }

    @Override
    public byte[] seed() {
        return seed.clone();
    }

    public byte[] toCbor() {
        List<Object> encoded = new ArrayList<>(proofs.size());
        for (InclusionProof proof : proofs) {
            encoded.add(List.of(proof.leafIndex(), proof.leaf(), proof.path()));
        }
        return DagCbor.encode(List.of(pieceCid, seed, encoded));
    }

    /**
     * @throws DealsException {@code MALFORMED} for bytes that are not such a tuple
     */
    public static StorageProof fromCbor(byte[] bytes) {
        Object decoded;
        try {
            decoded = DagCbor.decode(bytes);
        } catch (IpldException e) {
            throw new DealsException(MALFORMED, "a storage proof is canonical DAG-CBOR: " + e.getMessage(), e);
        }
        List<?> fields = DealProposal.CborFields.tuple(decoded, 3, "a storage proof");
        Cid pieceCid = DealProposal.CborFields.field(fields, 0, Cid.class, "pieceCid");
        byte[] seed = DealProposal.CborFields.field(fields, 1, byte[].class, "seed");
        List<?> encoded = DealProposal.CborFields.field(fields, 2, List.class, "proofs");
        List<InclusionProof> proofs = new ArrayList<>(encoded.size());
        for (Object item : encoded) {
            List<?> proof = DealProposal.CborFields.tuple(item, 3, "an inclusion proof");
            proofs.add(new InclusionProof(DealProposal.CborFields.unsigned(proof, 0, "leafIndex"),
                    DealProposal.CborFields.field(proof, 1, byte[].class, "leaf"),
                    DealProposal.CborFields.field(proof, 2, byte[].class, "path")));
        }
        return new StorageProof(pieceCid, seed, proofs);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StorageProof that && pieceCid.equals(that.pieceCid) && Arrays.equals(seed, that.seed)
                && proofs.equals(that.proofs);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * pieceCid.hashCode() + Arrays.hashCode(seed)) + proofs.hashCode();
    }
}

package io.strata.deals;

import io.strata.ipld.IpldException;
import io.strata.ipld.codec.DagCbor;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;

import java.util.List;
import java.util.Objects;

import static io.strata.deals.DealsException.Code.MALFORMED;

/**
 * A deal proposal with the client's signature over its canonical bytes: Filecoin's ClientDealProposal,
 * serialized as the DAG-CBOR tuple {@code [proposal, signature bytes]}.
 */
public record ClientDealProposal(DealProposal proposal, DealSignature clientSignature) {

    public ClientDealProposal {
        Objects.requireNonNull(proposal, "proposal");
        Objects.requireNonNull(clientSignature, "clientSignature");
    }

    /**
     * Signs {@code proposal} with the client's key.
     *
     * @throws DealsException {@code INVALID_SIGNATURE} if the key's address is not the proposal's client
     */
    public static ClientDealProposal sign(DealProposal proposal, ClientKey key) {
        if (!key.address().equals(proposal.client())) {
            throw new DealsException(DealsException.Code.INVALID_SIGNATURE, "the proposal's client is "
                    + proposal.client() + "; the signing key belongs to " + key.address());
        }
        return new ClientDealProposal(proposal, key.sign(proposal.toCbor()));
    }

    public byte[] toCbor() {
        return DagCbor.encode(List.of(proposal.toDataModel(), clientSignature.toBytes()));
    }

    /** The CID of the signed proposal (DAG-CBOR, BLAKE2b-256), as Lotus names a deal before publication. */
    public Cid cid() {
        return Cid.of(Multicodec.DAG_CBOR, Multicodec.BLAKE2B_256, toCbor());
    }

    public static ClientDealProposal fromCbor(byte[] bytes) {
        Object decoded;
        try {
            decoded = DagCbor.decode(bytes);
        } catch (IpldException e) {
            throw new DealsException(MALFORMED, "a signed deal proposal is canonical DAG-CBOR: " + e.getMessage(), e);
        }
        List<?> fields = DealProposal.CborFields.tuple(decoded, 2, "a signed deal proposal");
        DealProposal proposal = DealProposal.fromDataModel(fields.get(0));
        byte[] signature = DealProposal.CborFields.field(fields, 1, byte[].class, "ClientSignature");
        return new ClientDealProposal(proposal, DealSignature.fromBytes(signature));
    }
}

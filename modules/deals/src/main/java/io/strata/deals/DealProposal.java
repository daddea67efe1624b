package io.strata.deals;

import io.strata.ipld.IpldException;
import io.strata.ipld.codec.DagCbor;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

import static io.strata.deals.DealsException.Code.MALFORMED;

/**
 * Filecoin's market DealProposal, field for field. Its canonical serialization is the DAG-CBOR array
 * (tuple) of the eleven fields in declaration order: the piece CID as a link, the padded piece size as an
 * unsigned integer, the verified flag as a boolean, client and provider as address bytes, the label as a
 * text or byte string, the epochs as integers, and the three token amounts as Filecoin big-integer bytes.
 * That byte string is what the client signs and what the proposal CID (DAG-CBOR, BLAKE2b-256) hashes.
 *
 * <p>Construction checks only what the encoding needs (no nulls); what makes a deal acceptable is the
 * {@link DealProposalValidator}'s business, so that a proposal received from the network can be decoded and
 * then refused with a precise reason.
 */
public record DealProposal(
        Cid pieceCid,
        long pieceSize,
        boolean verifiedDeal,
        FilecoinAddress client,
        FilecoinAddress provider,
        DealLabel label,
        long startEpoch,
        long endEpoch,
        TokenAmount storagePricePerEpoch,
        TokenAmount providerCollateral,
        TokenAmount clientCollateral) {

    private static final int FIELDS = 11;

    public DealProposal {
        Objects.requireNonNull(pieceCid, "pieceCid");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(storagePricePerEpoch, "storagePricePerEpoch");
        Objects.requireNonNull(providerCollateral, "providerCollateral");
        Objects.requireNonNull(clientCollateral, "clientCollateral");
    }

    public long duration() {
        return endEpoch - startEpoch;
    }

    /** What the client pays the provider over the deal: price per epoch times duration. */
    public TokenAmount totalStorageFee() {
        return storagePricePerEpoch.times(duration());
    }

    /** What the client must lock: its collateral plus the total storage fee. */
    public TokenAmount clientBalanceRequirement() {
        return clientCollateral.plus(totalStorageFee());
    }

    /** The canonical DAG-CBOR bytes: what the client signs. */
    public byte[] toCbor() {
        return DagCbor.encode(toDataModel());
    }

    /** The proposal CID, as Filecoin's market computes it: DAG-CBOR, BLAKE2b-256. */
    public Cid cid() {
        return Cid.of(Multicodec.DAG_CBOR, Multicodec.BLAKE2B_256, toCbor());
    }

    /**
     * @throws DealsException {@code MALFORMED} for bytes that are not a canonical DAG-CBOR 11-tuple of the
     *         right kinds, {@code INVALID_ADDRESS} or {@code INVALID_TOKEN_AMOUNT} for a bad field
     */
    public static DealProposal fromCbor(byte[] bytes) {
        Object decoded;
        try {
            decoded = DagCbor.decode(bytes);
        } catch (IpldException e) {
            throw new DealsException(MALFORMED, "a deal proposal is canonical DAG-CBOR: " + e.getMessage(), e);
        }
        return fromDataModel(decoded);
    }

    List<Object> toDataModel() {
        return List.of(pieceCid, pieceSize, verifiedDeal, client.toBytes(), provider.toBytes(), labelValue(),
                startEpoch, endEpoch, storagePricePerEpoch.encode(), providerCollateral.encode(),
                clientCollateral.encode());
    }

    static DealProposal fromDataModel(Object value) {
        List<?> fields = CborFields.tuple(value, FIELDS, "a deal proposal");
        return new DealProposal(
                CborFields.field(fields, 0, Cid.class, "PieceCID"),
                CborFields.unsigned(fields, 1, "PieceSize"),
                CborFields.field(fields, 2, Boolean.class, "VerifiedDeal"),
                FilecoinAddress.fromBytes(CborFields.field(fields, 3, byte[].class, "Client")),
                FilecoinAddress.fromBytes(CborFields.field(fields, 4, byte[].class, "Provider")),
                label(fields.get(5)),
                CborFields.signed(fields, 6, "StartEpoch"),
                CborFields.signed(fields, 7, "EndEpoch"),
                TokenAmount.decode(CborFields.field(fields, 8, byte[].class, "StoragePricePerEpoch")),
                TokenAmount.decode(CborFields.field(fields, 9, byte[].class, "ProviderCollateral")),
                TokenAmount.decode(CborFields.field(fields, 10, byte[].class, "ClientCollateral")));
    }

    private Object labelValue() {
        return label instanceof DealLabel.Text text ? text.value() : ((DealLabel.Bytes) label).value();
    }

    private static DealLabel label(Object value) {
        if (value instanceof String text) {
            return DealLabel.text(text);
        }
        if (value instanceof byte[] bytes) {
            return DealLabel.bytes(bytes);
        }
        throw new DealsException(MALFORMED, "deal proposal field 5 (Label) is a text or byte string; got "
                + CborFields.kind(value));
    }

    public Builder toBuilder() {
        return new Builder().pieceCid(pieceCid).pieceSize(pieceSize).verifiedDeal(verifiedDeal).client(client)
                .provider(provider).label(label).startEpoch(startEpoch).endEpoch(endEpoch)
                .storagePricePerEpoch(storagePricePerEpoch).providerCollateral(providerCollateral)
                .clientCollateral(clientCollateral);
    }

    /** Names the eleven fields as they are set; label defaults to empty, amounts to zero. */
    public static final class Builder {
        private Cid pieceCid;
        private long pieceSize;
        private boolean verifiedDeal;
        private FilecoinAddress client;
        private FilecoinAddress provider;
        private DealLabel label = DealLabel.EMPTY;
        private long startEpoch;
        private long endEpoch;
        private TokenAmount storagePricePerEpoch = TokenAmount.ZERO;
        private TokenAmount providerCollateral = TokenAmount.ZERO;
        private TokenAmount clientCollateral = TokenAmount.ZERO;

        public Builder pieceCid(Cid value) {
            pieceCid = value;
            return this;
        }

        public Builder pieceSize(long value) {
            pieceSize = value;
            return this;
        }

        public Builder verifiedDeal(boolean value) {
            verifiedDeal = value;
            return this;
        }

        public Builder client(FilecoinAddress value) {
            client = value;
            return this;
        }

        public Builder provider(FilecoinAddress value) {
            provider = value;
            return this;
        }

        public Builder label(DealLabel value) {
            label = value;
            return this;
        }

        public Builder startEpoch(long value) {
            startEpoch = value;
            return this;
        }

        public Builder endEpoch(long value) {
            endEpoch = value;
            return this;
        }

        public Builder storagePricePerEpoch(TokenAmount value) {
            storagePricePerEpoch = value;
            return this;
        }

        public Builder providerCollateral(TokenAmount value) {
            providerCollateral = value;
            return this;
        }

        public Builder clientCollateral(TokenAmount value) {
            clientCollateral = value;
            return this;
        }

        public DealProposal build() {
            return new DealProposal(pieceCid, pieceSize, verifiedDeal, client, provider, label, startEpoch, endEpoch,
                    storagePricePerEpoch, providerCollateral, clientCollateral);
        }
    }

    /** Reads fields of a decoded DAG-CBOR tuple with precise errors. */
    static final class CborFields {
        private CborFields() {
        }

        static List<?> tuple(Object value, int size, String what) {
            if (!(value instanceof List<?> list)) {
                throw new DealsException(MALFORMED, what + " is a CBOR array of " + size + " fields; got "
                        + kind(value));
            }
            if (list.size() != size) {
                throw new DealsException(MALFORMED, what + " is a CBOR array of " + size + " fields; got "
                        + list.size());
            }
            return list;
        }

        static <T> T field(List<?> fields, int index, Class<T> type, String name) {
            Object value = fields.get(index);
            if (!type.isInstance(value)) {
                throw new DealsException(MALFORMED, "field " + index + " (" + name + ") is a "
                        + type.getSimpleName() + "; got " + kind(value));
            }
            return type.cast(value);
        }

        static long signed(List<?> fields, int index, String name) {
            Object value = fields.get(index);
            if (value instanceof Long number) {
                return number;
            }
            throw new DealsException(MALFORMED, "field " + index + " (" + name + ") is a 64-bit signed integer; got "
                    + kind(value));
        }

        static long unsigned(List<?> fields, int index, String name) {
            long value = signed(fields, index, name);
            if (value < 0) {
                throw new DealsException(MALFORMED, "field " + index + " (" + name + ") is unsigned; got " + value);
            }
            return value;
        }

        static String kind(Object value) {
            if (value == null) {
                return "null";
            }
            if (value instanceof BigInteger big) {
                return "integer " + big + " outside 64 bits";
            }
            if (value instanceof byte[] bytes) {
                return "a byte string of " + bytes.length + " bytes";
            }
            return value.getClass().getSimpleName() + " " + value;
        }
    }
}

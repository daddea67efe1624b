package io.strata.deals.verticle;

import io.strata.deals.Deal;
import io.strata.deals.DealState;
import io.strata.deals.FilecoinAddress;
import io.strata.deals.PieceCid;
import io.strata.deals.PieceInfo;
import io.strata.multiformats.Cid;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * A deal as the cluster reports it: what was agreed (piece, payload, provider, epochs, price) and where the
 * deal stands, as last written by the node whose client role made it ({@code clientNode}), which is also the
 * node that challenges it. The JSON form is what the deal directory stores and the HTTP API answers.
 */
public record DealRecord(Cid proposalCid, Cid payloadCid, PieceInfo piece, FilecoinAddress client,
                         FilecoinAddress provider, String clientNode, DealState state, String reason, long startEpoch,
                         long endEpoch, String pricePerEpoch, long activationEpoch, long slashEpoch,
                         long lastProvenPeriod, long updatedEpoch) {

    public DealRecord {
        Objects.requireNonNull(proposalCid, "proposalCid");
        Objects.requireNonNull(payloadCid, "payloadCid");
        Objects.requireNonNull(piece, "piece");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
    }

    static DealRecord of(Deal deal, Cid payloadCid, PieceInfo piece, String clientNode) {
        var terms = deal.proposal().proposal();
        return new DealRecord(deal.proposalCid(), payloadCid, piece, terms.client(), terms.provider(), clientNode,
                deal.state(), deal.reason(), terms.startEpoch(), terms.endEpoch(),
                terms.storagePricePerEpoch().attoFil().toString(), deal.activationEpoch(), deal.slashEpoch(),
                deal.lastProvenPeriod(), deal.lastUpdatedEpoch());
    }

    /** Whether {@code cid} names this deal's data: its payload root, or its piece as a v1 or v2 piece CID. */
    public boolean holds(Cid cid) {
        return payloadCid.equals(cid) || piece.toV1().equals(cid) || piece.toV2().equals(cid);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("proposalCid", proposalCid.toString())
                .put("payloadCid", payloadCid.toString())
                .put("pieceCid", piece.toV1().toString())
                .put("pieceCidV2", piece.toV2().toString())
                .put("pieceSize", piece.paddedSize())
                .put("payloadSize", piece.payloadSize())
                .put("client", client.toString())
                .put("provider", provider.toString())
                .put("clientNode", clientNode)
                .put("state", state.name())
                .put("reason", reason)
                .put("startEpoch", startEpoch)
                .put("endEpoch", endEpoch)
                .put("pricePerEpoch", pricePerEpoch)
                .put("activationEpoch", activationEpoch)
                .put("slashEpoch", slashEpoch)
                .put("lastProvenPeriod", lastProvenPeriod)
                .put("updatedEpoch", updatedEpoch);
    }

    public static DealRecord fromJson(JsonObject json) {
        Cid pieceCid = Cid.parse(json.getString("pieceCid"));
        PieceInfo piece = PieceInfo.forPayload(PieceCid.root(pieceCid), json.getLong("payloadSize"));
        return new DealRecord(Cid.parse(json.getString("proposalCid")), Cid.parse(json.getString("payloadCid")), piece,
                FilecoinAddress.parse(json.getString("client")), FilecoinAddress.parse(json.getString("provider")),
                json.getString("clientNode"), DealState.valueOf(json.getString("state")), json.getString("reason"),
                json.getLong("startEpoch"), json.getLong("endEpoch"), json.getString("pricePerEpoch"),
                json.getLong("activationEpoch"), json.getLong("slashEpoch"), json.getLong("lastProvenPeriod"),
                json.getLong("updatedEpoch"));
    }
}

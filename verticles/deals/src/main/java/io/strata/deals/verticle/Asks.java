package io.strata.deals.verticle;

import io.strata.deals.FilecoinAddress;
import io.strata.deals.StorageAsk;
import io.strata.deals.TokenAmount;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;

/** The JSON form of a {@link StorageAsk} on the event bus: amounts in attoFIL as decimal strings. */
final class Asks {

    private Asks() {
    }

    static JsonObject toJson(StorageAsk ask) {
        return new JsonObject()
                .put("provider", ask.provider().toString())
                .put("pricePerGiBPerEpoch", ask.pricePerGiBPerEpoch().attoFil().toString())
                .put("verifiedPricePerGiBPerEpoch", ask.verifiedPricePerGiBPerEpoch().attoFil().toString())
                .put("minPieceSize", ask.minPieceSize())
                .put("maxPieceSize", ask.maxPieceSize())
                .put("collateralPerGiB", ask.collateralPerGiB().attoFil().toString())
                .put("timestamp", ask.timestamp())
                .put("expiry", ask.expiry())
                .put("seqNo", ask.seqNo());
    }

    static StorageAsk fromJson(JsonObject json) {
        return new StorageAsk(FilecoinAddress.parse(json.getString("provider")),
                amount(json, "pricePerGiBPerEpoch"), amount(json, "verifiedPricePerGiBPerEpoch"),
                json.getLong("minPieceSize"), json.getLong("maxPieceSize"), amount(json, "collateralPerGiB"),
                json.getLong("timestamp"), json.getLong("expiry"), json.getLong("seqNo"));
    }

    private static TokenAmount amount(JsonObject json, String field) {
        return TokenAmount.ofAtto(new BigInteger(json.getString(field)));
    }
}

package io.strata.api.commands;

import io.strata.api.rpc.RpcCall;
import io.strata.api.rpc.RpcException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multibase;
import io.strata.multiformats.MultiformatException;

/**
 * How commands print CIDs, following Kubo's global {@code --cid-base} and {@code --upgrade-cidv0-in-output}:
 * without them a CID prints in its default form (v0 base58btc, v1 base32); with a base, v1 CIDs (and v0
 * ones upgraded to v1) print in it.
 */
public final class CidOutput {

    private CidOutput() {
    }

    public static String encode(RpcCall call, Cid cid) {
        String baseName = call.string("cid-base");
        Boolean upgrade = call.optionalFlag("upgrade-cidv0-in-output");
        if (baseName == null || baseName.isEmpty()) {
            return upgrade != null && upgrade ? cid.toV1().toString() : cid.toString();
        }
        Multibase base;
        try {
            base = Multibase.byName(baseName);
        } catch (MultiformatException e) {
            throw RpcException.normal("unsupported multibase encoding: " + baseName);
        }
        boolean upgradeV0 = upgrade == null ? base != Multibase.BASE58BTC : upgrade;
        Cid shown = cid.version() == 0 && upgradeV0 ? cid.toV1() : cid;
        return shown.version() == 0 ? shown.toString() : shown.toString(base);
    }
}

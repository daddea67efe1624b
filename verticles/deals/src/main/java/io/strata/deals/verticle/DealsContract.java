package io.strata.deals.verticle;

import io.strata.deals.FilecoinAddress;

/**
 * The event-bus contract of the deals roles. A provider with actor id N listens on
 * {@code strata.deals.provider.N.<operation>}:
 * <ul>
 *   <li>{@code ask}: no body; replies the ask as JSON (amounts in attoFIL as decimal strings).</li>
 *   <li>{@code propose}: body the signed proposal's DAG-CBOR bytes; replies {@code {proposalCid, state}} or
 *       fails with code 400 and {@code "<DealsException code>: <reason>"}.</li>
 *   <li>{@code transfer}: header {@value #PROPOSAL_HEADER}, body the payload; replies
 *       {@code {state, pieceCid}} once stored, committed (CommP) and sealed.</li>
 *   <li>{@code challenge}: header {@value #PROPOSAL_HEADER}, body {@code {period, seed (base64), leaves}};
 *       replies the storage proof's DAG-CBOR bytes.</li>
 *   <li>{@code retrieve}: header {@value #PROPOSAL_HEADER}; replies the payload.</li>
 * </ul>
 * The client role listens on {@link #CLIENT_STORE} (body {@code {path}}: store that file's bytes with the
 * configured number of replicas; replies {@code {pieceCid, deals}}), {@link #CLIENT_STATUS} (replies every
 * deal), {@link #CLIENT_RETRIEVE} (body a piece CID; replies the payload, checked against the piece), and
 * publishes every deal state change on {@link #EVENTS}.
 */
public final class DealsContract {

    public static final String PROPOSAL_HEADER = "proposal";
    public static final String CLIENT_STORE = "strata.deals.client.store";
    public static final String CLIENT_STATUS = "strata.deals.client.status";
    public static final String CLIENT_RETRIEVE = "strata.deals.client.retrieve";
    public static final String EVENTS = "strata.deals.events";
    public static final int BAD_REQUEST = 400;
    public static final int NOT_FOUND = 404;

    private DealsContract() {
    }

    public static String provider(FilecoinAddress provider, String operation) {
        return "strata.deals.provider." + provider.actorId() + "." + operation;
    }
}

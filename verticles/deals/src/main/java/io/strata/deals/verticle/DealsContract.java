package io.strata.deals.verticle;

import io.strata.deals.FilecoinAddress;

/**
 * The event-bus contract of the deals roles.
 *
 * <p>A provider with actor id N listens cluster-wide on {@code strata.deals.provider.N.<operation>}:
 * <ul>
 *   <li>{@code ask}: no body; replies the ask as JSON (amounts in attoFIL as decimal strings).</li>
 *   <li>{@code propose}: body the signed proposal's DAG-CBOR bytes; replies {@code {proposalCid, state}} or
 *       fails with {@link #BAD_REQUEST} and {@code "<DealsException code>: <reason>"}.</li>
 *   <li>{@code transfer}: one message per chunk of the payload (the CAR of the DAG), at most
 *       {@link #TRANSFER_CHUNK_BYTES}, headers {@value #PROPOSAL_HEADER}, {@value #OFFSET_HEADER} (the chunk's
 *       position, in order) and on the last one {@value #LAST_HEADER}{@code =true}. The sender waits for each
 *       reply before the next chunk (backpressure); the provider appends the chunk to the piece's file and its
 *       running CommP. The reply to the last chunk is {@code {state, pieceCid, reason}} after the CommP was
 *       found equal to the proposal's PieceCID and the piece sealed; a mismatch fails with the reason.</li>
 *   <li>{@code challenge}: header {@value #PROPOSAL_HEADER}, body {@code {period, seed (base64), leaves}};
 *       replies the storage proof's DAG-CBOR bytes.</li>
 *   <li>{@code retrieve}: header {@value #PROPOSAL_HEADER}, body {@code {offset, length}}; replies those bytes
 *       of the stored payload (fewer at its end).</li>
 * </ul>
 *
 * <p>Every node's client role listens node-locally on the {@code strata.deals.client.*} addresses below,
 * each taking and answering JSON, failing with {@link #BAD_REQUEST}, {@link #NOT_FOUND} or {@link #FAILED}
 * and a message. Deal records and asks live in the Hazelcast maps {@value #DEALS_MAP} and {@value #ASKS_MAP};
 * every deal state change is published cluster-wide on {@link #EVENTS}.
 */
public final class DealsContract {

    public static final String PROPOSAL_HEADER = "proposal";
    public static final String OFFSET_HEADER = "offset";
    public static final String LAST_HEADER = "last";
    public static final int TRANSFER_CHUNK_BYTES = 1 << 20;

    /** {@code {payloadCid, replicas?, durationEpochs?}}: deals for that DAG, signed by this node's key. */
    public static final String CLIENT_PROPOSE = "strata.deals.client.propose";
    /** {@code {payloadCid, proposal}} (base64 DAG-CBOR of a client-signed proposal): one deal on its terms. */
    public static final String CLIENT_PROPOSE_SIGNED = "strata.deals.client.proposeSigned";
    /** No body: every deal of the cluster as JSON records. */
    public static final String CLIENT_LIST = "strata.deals.client.list";
    /** {@code {proposalCid}}: that deal's record. */
    public static final String CLIENT_STATUS = "strata.deals.client.status";
    /**
     * {@code {cid}}, a payload or piece CID: {@code {path, size, payloadCid, pieceCid, provider}}, a file on
     * this node holding the payload, checked against the piece commitment; the caller deletes it.
     */
    public static final String CLIENT_RETRIEVE = "strata.deals.client.retrieve";
    /** No body: every provider's ask. */
    public static final String CLIENT_ASKS = "strata.deals.client.asks";
    /** {@code {size?}}: the providers whose ask takes a payload of that many bytes, best first. */
    public static final String CLIENT_PROVIDERS = "strata.deals.client.providers";
    /** {@code {size, durationEpochs}}: the cost of a deal with each provider whose ask takes it. */
    public static final String CLIENT_ESTIMATE = "strata.deals.client.estimate";
    public static final String EVENTS = "strata.deals.events";

    public static final String DEALS_MAP = "strata.deals.records";
    public static final String ASKS_MAP = "strata.deals.asks";

    public static final int BAD_REQUEST = 400;
    public static final int NOT_FOUND = 404;
    public static final int FAILED = 500;

    private DealsContract() {
    }

    public static String provider(FilecoinAddress provider, String operation) {
        return "strata.deals.provider." + provider.actorId() + "." + operation;
    }
}

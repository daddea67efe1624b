package io.strata.dht;

import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;

import java.util.Arrays;
import java.util.Objects;

/**
 * The DHT verticle's event-bus contract. Callers use {@link DhtClient}, which speaks it with types.
 *
 * <h2>Node-addressed transport (cluster-wide)</h2>
 * Every node registers a clustered consumer on {@link #peerAddress(PeerId)},
 * {@code strata.dht.<peerIdBase58>}. A request body is a {@code Buffer} holding one {@code /ipfs/kad/1.0.0}
 * {@code Message} protobuf (no length prefix), with header {@link #FROM_HEADER} naming the sender's peer id
 * in base58; the reply is a {@code Buffer} with the response {@code Message}, empty for ADD_PROVIDER. A
 * refused request (malformed message, invalid record) fails with {@link DhtError#failureCode()}. Nothing
 * Strata-specific travels inside the protobuf, so a libp2p stream can carry the same bytes.
 *
 * <h2>Node-local requests</h2>
 * Registered with {@code localConsumer}, payloads passed by reference with
 * {@link io.strata.blockstore.verticle.LocalObjectCodec}; failures are {@code message.fail(code, text)}
 * with a {@link DhtError} code.
 * <table>
 * <caption>Addresses</caption>
 * <tr><th>address</th><th>request body</th><th>reply body</th><th>failures</th></tr>
 * <tr><td>{@link #PROVIDE}</td><td>{@link Cid}</td><td>null, once the closest peers were sent ADD_PROVIDER</td><td></td></tr>
 * <tr><td>{@link #FIND_PROVIDERS}</td><td>{@link FindProvidersRequest}</td><td>{@code List<PeerInfo>}, other peers only, possibly empty</td><td></td></tr>
 * <tr><td>{@link #FIND_PEER}</td><td>{@link PeerId}</td><td>{@code PeerInfo}</td><td>NOT_FOUND</td></tr>
 * <tr><td>{@link #GET_VALUE}</td><td>{@code byte[]} record key</td><td>{@code byte[]} best valid record</td><td>NOT_FOUND, INVALID_REQUEST (no validator for the namespace)</td></tr>
 * <tr><td>{@link #PUT_VALUE}</td><td>{@link PutValueRequest}</td><td>{@code Integer} peers that stored it</td><td>INVALID_RECORD, INVALID_REQUEST</td></tr>
 * <tr><td>{@link #STAT}</td><td>null</td><td>{@link DhtStat}</td><td></td></tr>
 * </table>
 * Any address may fail with INVALID_REQUEST (wrong payload); the client reports UNAVAILABLE when no DHT
 * is deployed on the node (single-node mode) or the reply timed out.
 *
 * <h2>Events the verticle listens to</h2>
 * {@link io.strata.blockstore.verticle.BlockStoreContract#BLOCKS_ADDED} (local publish of a {@code List<Cid>}
 * by the block store): provided under the
 * {@code all} reprovide strategy. Membership events from {@link io.strata.cluster.ClusterContract}.
 */
public final class DhtContract {

    public static final String PREFIX = "strata.dht.";

    public static final String PROVIDE = PREFIX + "provide";
    public static final String FIND_PROVIDERS = PREFIX + "findProviders";
    public static final String FIND_PEER = PREFIX + "findPeer";
    public static final String GET_VALUE = PREFIX + "getValue";
    public static final String PUT_VALUE = PREFIX + "putValue";
    public static final String STAT = PREFIX + "stat";

    /** The header naming the sender of a node-addressed request (base58 peer id). */
    public static final String FROM_HEADER = "strata-from";

    /** The cluster-wide address of a node's DHT endpoint. */
    public static String peerAddress(PeerId peer) {
        return PREFIX + peer.toBase58();
    }

    /** Up to {@code count} providers of {@code cid}. */
    public record FindProvidersRequest(Cid cid, int count) {
        public FindProvidersRequest {
            Objects.requireNonNull(cid, "cid");
            if (count < 1) {
                throw new IllegalArgumentException("count must be positive, got " + count);
            }
        }
    }

    /** Store {@code record} under {@code key} (for example {@code /ipns/<peer id bytes>}). */
    public record PutValueRequest(byte[] key, byte[] record) {
        public PutValueRequest {
            key = key.clone();
            record = record.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public byte[] record() {
            return record.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PutValueRequest that && Arrays.equals(key, that.key)
                    && Arrays.equals(record, that.record);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(key) + Arrays.hashCode(record);
        }

        @Override
        public String toString() {
            return "PutValueRequest[" + key.length + "-byte key, " + record.length + "-byte record]";
        }
    }

    private DhtContract() {
    }
}

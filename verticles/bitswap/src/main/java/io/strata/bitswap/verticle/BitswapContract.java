package io.strata.bitswap.verticle;

import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;

import java.util.List;
import java.util.Objects;

/**
 * The Bitswap verticle's event-bus contract. Callers on the node use {@link BitswapExchange}.
 *
 * <h2>Node-addressed transport</h2>
 * Each node registers a cluster-wide consumer on {@link #peerAddress(PeerId)} ({@code strata.bitswap.<peerIdBase58>}).
 * Peers {@code send} it (one way, no reply) a {@code Buffer} holding one Bitswap 1.2.0 {@code Message} protobuf,
 * with the sender's base58 peer id in the {@link #FROM_HEADER} header. Messages over 4 MiB are refused, blocks
 * over 2 MiB rejected, and every block is named by hashing its bytes (CID prefix plus data), so a block is only
 * stored when its bytes are the ones a want asked for.
 *
 * <h2>Node-local requests</h2>
 * Local consumers, bodies passed by reference ({@link io.strata.blockstore.verticle.LocalObjectCodec}); the
 * names sit under {@code strata.bitswap.local.} so they never clash with a peer id.
 * <table>
 * <caption>Addresses</caption>
 * <tr><th>address</th><th>request body</th><th>reply body</th><th>failures</th></tr>
 * <tr><td>{@link #FETCH}</td><td>{@link Cid}</td><td>{@code byte[]}: the block, verified and stored in the local
 * block store before the reply (a block already stored is answered at once)</td><td>NOT_FOUND after the retrieval
 * timeout</td></tr>
 * <tr><td>{@link #WANT}</td><td>{@code List<Cid>}: prefetch hint for blocks a reader will fetch soon</td><td>null
 * (at once; the blocks arrive in the background)</td><td></td></tr>
 * <tr><td>{@link #STAT}</td><td>null</td><td>{@link BitswapStat}</td><td></td></tr>
 * <tr><td>{@link #WANTLIST}</td><td>{@link PeerId}, or null for this node's own wants</td><td>{@code List<Cid>}:
 * what this node wants, or what that peer asked this node for and has not received</td><td></td></tr>
 * <tr><td>{@link #LEDGER}</td><td>{@link PeerId}</td><td>{@link LedgerReceipt}</td><td></td></tr>
 * </table>
 * Failures are {@code message.fail(BitswapError.failureCode(), text)}; any address may also fail INVALID_REQUEST.
 */
public final class BitswapContract {

    public static final String PREFIX = "strata.bitswap.";
    /** Header naming the sending node (base58 peer id) on node-addressed messages. */
    public static final String FROM_HEADER = "strata-from";

    public static final String FETCH = PREFIX + "local.fetch";
    public static final String WANT = PREFIX + "local.want";
    public static final String STAT = PREFIX + "local.stat";
    public static final String WANTLIST = PREFIX + "local.wantlist";
    public static final String LEDGER = PREFIX + "local.ledger";
    /**
     * Local publish, body the {@link PeerId} (LocalObjectCodec): a peer outside the cluster (a libp2p peer)
     * disconnected, so its wantlist and queued answers are dropped as for a member that left.
     */
    public static final String PEER_DISCONNECTED = PREFIX + "local.peerDisconnected";

    /** The cluster-wide address where {@code peer} receives Bitswap messages. */
    public static String peerAddress(PeerId peer) {
        return PREFIX + peer.toBase58();
    }

    /**
     * Kubo's {@code bitswap stat}: totals since start, the peers Bitswap exchanged messages with, the blocks
     * waiting to be announced to the routing, and this node's wantlist.
     */
    public record BitswapStat(long blocksReceived, long blocksSent, long dataReceived, long dataSent,
                              long dupBlksReceived, long dupDataReceived, long messagesReceived,
                              List<PeerId> peers, int provideBufLen, List<Cid> wantlist) {
        public BitswapStat {
            peers = List.copyOf(peers);
            wantlist = List.copyOf(wantlist);
        }
    }

    /**
     * Kubo's {@code bitswap ledger} receipt for one peer: {@code value} is bytes sent over bytes received
     * (plus one), {@code exchanged} the messages in both directions.
     */
    public record LedgerReceipt(PeerId peer, double value, long sent, long recv, long exchanged) {
        public LedgerReceipt {
            Objects.requireNonNull(peer, "peer");
        }
    }

    private BitswapContract() {
    }
}

package io.strata.cluster;

/**
 * The membership verticle's event-bus contract. Every address is node-local ({@code localConsumer} and
 * local publishes); payloads are passed by reference with
 * {@link io.strata.blockstore.verticle.LocalObjectCodec}.
 *
 * <table>
 * <caption>Addresses</caption>
 * <tr><th>address</th><th>kind</th><th>body</th><th>reply</th></tr>
 * <tr><td>{@link #PEERS}</td><td>request</td><td>null</td><td>{@code List<PeerInfo>}: the live members other than this node</td></tr>
 * <tr><td>{@link #SELF}</td><td>request</td><td>null</td><td>{@link PeerInfo} of this node</td></tr>
 * <tr><td>{@link #JOINED}</td><td>local publish</td><td>{@link PeerInfo} of a member that joined</td><td></td></tr>
 * <tr><td>{@link #LEFT}</td><td>local publish</td><td>{@link PeerInfo} of a member that left or crashed</td><td></td></tr>
 * </table>
 */
public final class ClusterContract {

    public static final String PREFIX = "strata.cluster.";

    public static final String PEERS = PREFIX + "peers";
    public static final String SELF = PREFIX + "self";
    public static final String JOINED = PREFIX + "joined";
    public static final String LEFT = PREFIX + "left";

    private ClusterContract() {
    }
}

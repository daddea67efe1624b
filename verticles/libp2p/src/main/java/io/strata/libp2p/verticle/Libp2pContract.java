package io.strata.libp2p.verticle;

/**
 * The libp2p verticle's node-local event-bus contract. Bodies are plain strings and JSON arrays, so callers
 * need no codec.
 * <ul>
 *   <li>{@link #CONNECT}: a multiaddr string {@code /ip4/<ip>/tcp/<port>/p2p/<peer id>} -> the peer id
 *       (base58) once the connection runs Yamux; fails {@link #FAILURE_CODE} with the reason otherwise.</li>
 *   <li>{@link #PEERS}: anything -> JSON array of {@code <remote multiaddr>/p2p/<peer id>} strings.</li>
 *   <li>{@link #ADDRESSES}: anything -> JSON array of our {@code .../p2p/<our peer id>} listen multiaddrs.</li>
 *   <li>{@link #CONNECTIONS}: anything -> JSON array of {@code {"Addr": remote multiaddr, "Peer": peer id,
 *       "Direction": }{@link #INBOUND} or {@link #OUTBOUND}{@code }}, one per connected peer.</li>
 *   <li>{@link #PROTOCOLS}: anything -> JSON array of the stream protocol ids the swarm serves.</li>
 *   <li>{@link #BOOTSTRAP}: anything -> JSON array of the configured bootstrap multiaddrs.</li>
 * </ul>
 */
public final class Libp2pContract {

    public static final String PREFIX = "strata.libp2p.";
    public static final String CONNECT = PREFIX + "connect";
    public static final String PEERS = PREFIX + "peers";
    public static final String ADDRESSES = PREFIX + "addresses";
    public static final String CONNECTIONS = PREFIX + "connections";
    public static final String PROTOCOLS = PREFIX + "protocols";
    public static final String BOOTSTRAP = PREFIX + "bootstrap";
    public static final int FAILURE_CODE = 502;

    public static final String ADDR = "Addr";
    public static final String PEER = "Peer";
    public static final String DIRECTION = "Direction";
    /** libp2p's (and Kubo's) network.Direction values. */
    public static final int INBOUND = 1;
    public static final int OUTBOUND = 2;

    private Libp2pContract() {
    }
}

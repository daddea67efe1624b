package io.strata.libp2p.verticle;

/**
 * The libp2p verticle's node-local event-bus contract. Bodies are plain strings and JSON arrays, so callers
 * need no codec.
 * <ul>
 *   <li>{@link #CONNECT}: a multiaddr string {@code /ip4/<ip>/tcp/<port>/p2p/<peer id>} -> the peer id
 *       (base58) once the connection runs Yamux; fails {@link #FAILURE_CODE} with the reason otherwise.</li>
 *   <li>{@link #PEERS}: anything -> JSON array of {@code <remote multiaddr>/p2p/<peer id>} strings.</li>
 *   <li>{@link #ADDRESSES}: anything -> JSON array of our {@code .../p2p/<our peer id>} listen multiaddrs.</li>
 * </ul>
 */
public final class Libp2pContract {

    public static final String PREFIX = "strata.libp2p.";
    public static final String CONNECT = PREFIX + "connect";
    public static final String PEERS = PREFIX + "peers";
    public static final String ADDRESSES = PREFIX + "addresses";
    public static final int FAILURE_CODE = 502;

    private Libp2pContract() {
    }
}

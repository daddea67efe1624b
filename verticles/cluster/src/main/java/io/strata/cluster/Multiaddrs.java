package io.strata.cluster;

import io.strata.multiformats.PeerId;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Text multiaddrs for the addresses a node advertises ({@code /ip4/10.0.0.5/tcp/8080/http}). */
public final class Multiaddrs {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Multiaddrs() {
    }

    /** {@code /ip4/<host>/tcp/<port>}, {@code /ip6/...} for IPv6 literals, {@code /dns/...} for names. */
    public static String tcp(String host, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        return hostPart(host) + "/tcp/" + port;
    }

    /** An HTTP endpoint such as the trustless gateway: {@code /ip4/<host>/tcp/<port>/http}. */
    public static String http(String host, int port) {
        return tcp(host, port) + "/http";
    }

    /** The address with the peer it reaches: {@code <address>/p2p/<peerId>}, as Kubo's {@code id} prints them. */
    public static String withPeer(String address, PeerId peerId) {
        return address + "/p2p/" + peerId.toBase58();
    }

    /** True for addresses that name an HTTP endpoint rather than the node's cluster transport. */
    public static boolean isHttp(String address) {
        return address.endsWith("/http") || address.contains("/http/");
    }

    private static String hostPart(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.isEmpty()) {
            throw new IllegalArgumentException("a multiaddr needs a host");
        }
        if (IPV4.matcher(bare).matches()) {
            return "/ip4/" + bare;
        }
        if (bare.contains(":")) {
            try {
                return "/ip6/" + InetAddress.getByName(bare).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IPv6 address: " + host, e);
            }
        }
        return "/dns/" + bare;
    }
}

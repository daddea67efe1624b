package io.strata.libp2p.verticle;

import io.strata.multiformats.Multiaddr;
import io.strata.multiformats.PeerId;
import io.vertx.core.net.SocketAddress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Conversions between multiaddrs and the socket addresses Vert.x dials and listens on. */
final class Addresses {

    /** Where a {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>[/p2p/<id>]} multiaddr points. */
    record TcpTarget(String host, int port, PeerId peer) {
    }

    private Addresses() {
    }

    static TcpTarget tcpTarget(Multiaddr address) {
        List<Multiaddr.Component> parts = address.components();
        if (parts.size() < 2 || parts.get(1).protocol() != Multiaddr.Protocol.TCP) {
            throw new IllegalArgumentException(address + " is not a TCP multiaddr");
        }
        String host = switch (parts.get(0).protocol()) {
            case IP4, IP6, DNS, DNS4, DNS6 -> parts.get(0).value();
            default -> throw new IllegalArgumentException(address + " does not start with an IP address or DNS name");
        };
        PeerId peer = address.peerId().orElseThrow(() -> new IllegalArgumentException(address + " names no /p2p/ peer id"));
        return new TcpTarget(host, Integer.parseInt(parts.get(1).value()), peer);
    }

    /** The multiaddr of a socket address, or null when it is no IP address (a domain socket). */
    static Multiaddr multiaddr(SocketAddress address) {
        String host = address.hostAddress();
        if (host == null || address.port() < 0) {
            return null;
        }
        String protocol = host.contains(":") ? "ip6" : "ip4";
        return Multiaddr.parse("/" + protocol + "/" + host + "/tcp/" + address.port());
    }

    /** The addresses a listener bound to {@code host} is reachable at: every IPv4 interface for the wildcard. */
    static List<Multiaddr> listenAddresses(String host, int port) {
        if (!host.equals("0.0.0.0")) {
            return List.of(Multiaddr.parse("/ip4/" + host + "/tcp/" + port));
        }
        List<Multiaddr> addresses = new ArrayList<>();
        try {
            for (NetworkInterface face : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!face.isUp()) {
                    continue;
                }
                for (InetAddress address : Collections.list(face.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        addresses.add(Multiaddr.parse("/ip4/" + address.getHostAddress() + "/tcp/" + port));
                    }
                }
            }
        } catch (SocketException e) {
            return List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port));
        }
        return addresses;
    }
}

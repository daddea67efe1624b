package io.strata.ipns;

import io.strata.multiformats.Multibase;
import io.strata.multiformats.MultiformatException;
import io.strata.multiformats.PeerId;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An IPNS name: the peer id of the key that signs its records. It prints as Kubo prints names, a CIDv1 with
 * codec libp2p-key in base36 ({@code k51...}), and parses from that, any other multibase of that CID, a legacy
 * base58 peer id ({@code 12D3KooW...}, {@code Qm...}), and each of those after {@code /ipns/} or {@code ipns://}.
 * Its DHT routing key is {@code "/ipns/"} followed by the binary peer id (the multihash).
 */
public final class IpnsName {

    public static final String PATH_PREFIX = "/ipns/";
    private static final String URL_PREFIX = "ipns://";
    private static final byte[] ROUTING_PREFIX = PATH_PREFIX.getBytes(StandardCharsets.US_ASCII);

    private final PeerId peerId;

    private IpnsName(PeerId peerId) {
        this.peerId = peerId;
    }

    public static IpnsName of(PeerId peerId) {
        return new IpnsName(peerId);
    }

    /** Parses a name; a path after the name ({@code /ipns/k51.../a/b}) is refused. */
    public static IpnsName parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IpnsException(IpnsException.Code.INVALID_NAME, "empty IPNS name");
        }
        String name = text.strip();
        if (name.startsWith(PATH_PREFIX)) {
            name = name.substring(PATH_PREFIX.length());
        } else if (name.startsWith(URL_PREFIX)) {
            name = name.substring(URL_PREFIX.length());
        }
        if (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        try {
            return new IpnsName(PeerId.parse(name));
        } catch (MultiformatException e) {
            throw new IpnsException(IpnsException.Code.INVALID_NAME,
                    "'" + text + "' is not an IPNS name (a libp2p-key CID or peer id; DNSLink is not supported): " + e.getMessage(), e);
        }
    }

    /** The name a DHT routing key ({@code "/ipns/"} and a binary multihash) stands for. */
    public static IpnsName fromRoutingKey(byte[] key) {
        if (key.length <= ROUTING_PREFIX.length || !Arrays.equals(key, 0, ROUTING_PREFIX.length, ROUTING_PREFIX, 0, ROUTING_PREFIX.length)) {
            throw new IpnsException(IpnsException.Code.INVALID_NAME, "an IPNS routing key starts with /ipns/ and holds a multihash");
        }
        try {
            return new IpnsName(PeerId.fromBytes(Arrays.copyOfRange(key, ROUTING_PREFIX.length, key.length)));
        } catch (MultiformatException e) {
            throw new IpnsException(IpnsException.Code.INVALID_NAME, "the IPNS routing key holds no peer id: " + e.getMessage(), e);
        }
    }

    public PeerId peerId() {
        return peerId;
    }

    /** {@code "/ipns/"} followed by the binary multihash of the peer id. */
    public byte[] routingKey() {
        byte[] multihash = peerId.bytes();
        byte[] key = Arrays.copyOf(ROUTING_PREFIX, ROUTING_PREFIX.length + multihash.length);
        System.arraycopy(multihash, 0, key, ROUTING_PREFIX.length, multihash.length);
        return key;
    }

    /** {@code /ipns/k51...}. */
    public String path() {
        return PATH_PREFIX + this;
    }

    /** The base36 CIDv1 form, {@code k51...}. */
    @Override
    public String toString() {
        return peerId.toString(Multibase.BASE36);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpnsName that && peerId.equals(that.peerId);
    }

    @Override
    public int hashCode() {
        return peerId.hashCode();
    }
}

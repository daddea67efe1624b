package io.strata.multiformats;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.strata.multiformats.MultiformatException.Code.MULTIADDR_INVALID;
import static io.strata.multiformats.MultiformatException.Code.MULTIADDR_TRUNCATED;
import static io.strata.multiformats.MultiformatException.Code.MULTIADDR_UNKNOWN_PROTOCOL;

/**
 * A multiaddr: a self-describing network address such as {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...}.
 * The binary form is a sequence of (varint protocol code, value) pairs where the value is fixed-size (ip4,
 * ip6, ports), varint-length-prefixed (dns names, p2p multihash) or absent (tls, ws, http...). Only the
 * protocols Strata meets are known; any other code or name is rejected rather than passed through, so a
 * parsed address always prints back to the same text. Equality is on the binary form.
 */
public final class Multiaddr {

    /** The protocols this implementation reads and writes, with their multicodec table codes. */
    public enum Protocol {
        IP4(4, "ip4", 4),
        TCP(6, "tcp", 2),
        DNS(53, "dns", LENGTH_PREFIXED),
        DNS4(54, "dns4", LENGTH_PREFIXED),
        DNS6(55, "dns6", LENGTH_PREFIXED),
        DNSADDR(56, "dnsaddr", LENGTH_PREFIXED),
        IP6(41, "ip6", 16),
        UDP(273, "udp", 2),
        P2P(421, "p2p", LENGTH_PREFIXED),
        TLS(448, "tls", 0),
        QUIC_V1(461, "quic-v1", 0),
        WS(477, "ws", 0),
        WSS(478, "wss", 0),
        HTTP(480, "http", 0),
        HTTPS(443, "https", 0);

        private final int code;
        private final String protocolName;
        /** Value size in bytes, 0 for none, {@link #LENGTH_PREFIXED} for a varint-prefixed value. */
        private final int size;

        Protocol(int code, String protocolName, int size) {
            this.code = code;
            this.protocolName = protocolName;
            this.size = size;
        }

        public int code() {
            return code;
        }

        public String protocolName() {
            return protocolName;
        }

        public boolean hasValue() {
            return size != 0;
        }
    }

    /** One (protocol, value) pair; the value is the text form, "" for protocols without one. */
    public record Component(Protocol protocol, String value) {
    }

    private static final int LENGTH_PREFIXED = -1;
    private static final Map<Integer, Protocol> BY_CODE = Stream.of(Protocol.values())
            .collect(Collectors.toUnmodifiableMap(Protocol::code, Function.identity()));
    /** "ipfs" is the legacy name of p2p; it is read but never written. */
    private static final Map<String, Protocol> BY_NAME = Stream.concat(
                    Stream.of(Protocol.values()).map(p -> Map.entry(p.protocolName, p)),
                    Stream.of(Map.entry("ipfs", Protocol.P2P)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private final byte[] bytes;
    private final List<Component> components;

    private Multiaddr(byte[] bytes, List<Component> components) {
        this.bytes = bytes;
        this.components = List.copyOf(components);
    }

    /** Parses the text form; a single trailing slash is tolerated, as go-multiaddr does. */
    public static Multiaddr parse(String text) {
        if (text == null || !text.startsWith("/")) {
            throw new MultiformatException(MULTIADDR_INVALID, "a multiaddr starts with '/': got '" + text + "'");
        }
        String body = text.length() > 1 && text.endsWith("/") ? text.substring(1, text.length() - 1) : text.substring(1);
        if (body.isEmpty() || body.equals("/")) {
            throw new MultiformatException(MULTIADDR_INVALID, "empty multiaddr '" + text + "'");
        }
        String[] parts = body.split("/", -1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Component> components = new ArrayList<>();
        int i = 0;
        while (i < parts.length) {
            String name = parts[i++];
            Protocol protocol = BY_NAME.get(name);
            if (protocol == null) {
                throw new MultiformatException(MULTIADDR_UNKNOWN_PROTOCOL, name.isEmpty()
                        ? "empty protocol name in '" + text + "' (two slashes in a row)"
                        : "unknown multiaddr protocol '" + name + "' in '" + text + "'");
            }
            String value = "";
            if (protocol.hasValue()) {
                if (i == parts.length) {
                    throw new MultiformatException(MULTIADDR_INVALID,
                            "protocol " + protocol.protocolName + " needs a value in '" + text + "'");
                }
                value = parts[i++];
            }
            byte[] valueBytes = valueToBytes(protocol, value);
            writeComponent(out, protocol, valueBytes);
            components.add(new Component(protocol, valueToText(protocol, valueBytes)));
        }
        return new Multiaddr(out.toByteArray(), components);
    }

    /** Parses the binary form, as carried in libp2p messages (identify, kad Peer.addrs). */
    public static Multiaddr fromBytes(byte[] bytes) {
        if (bytes.length == 0) {
            throw new MultiformatException(MULTIADDR_INVALID, "empty binary multiaddr");
        }
        List<Component> components = new ArrayList<>();
        int position = 0;
        while (position < bytes.length) {
            Varint.Decoded code = Varint.decode(bytes, position);
            Protocol protocol = code.value() <= Integer.MAX_VALUE ? BY_CODE.get((int) code.value()) : null;
            if (protocol == null) {
                throw new MultiformatException(MULTIADDR_UNKNOWN_PROTOCOL,
                        "unknown multiaddr protocol code 0x" + Long.toHexString(code.value()) + " at byte " + position);
            }
            position += code.length();
            int size = protocol.size;
            if (size == LENGTH_PREFIXED) {
                Varint.Decoded length = Varint.decode(bytes, position);
                position += length.length();
                if (length.value() > bytes.length - position) {
                    throw truncated(protocol, length.value(), bytes.length - position);
                }
                size = (int) length.value();
            } else if (size > bytes.length - position) {
                throw truncated(protocol, size, bytes.length - position);
            }
            byte[] value = Arrays.copyOfRange(bytes, position, position + size);
            position += size;
            components.add(new Component(protocol, valueToText(protocol, value)));
        }
        return new Multiaddr(bytes.clone(), components);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public List<Component> components() {
        return components;
    }

    /** The peer id of the last {@code /p2p} component, if any. */
    public Optional<PeerId> peerId() {
        for (int i = components.size() - 1; i >= 0; i--) {
            if (components.get(i).protocol() == Protocol.P2P) {
                return Optional.of(PeerId.parse(components.get(i).value()));
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Component component : components) {
            text.append('/').append(component.protocol().protocolName);
            if (component.protocol().hasValue()) {
                text.append('/').append(component.value());
            }
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Multiaddr that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    private static MultiformatException truncated(Protocol protocol, long wanted, int available) {
        return new MultiformatException(MULTIADDR_TRUNCATED, "the " + protocol.protocolName + " value needs "
                + wanted + " bytes but only " + available + " remain");
    }

    private static void writeComponent(ByteArrayOutputStream out, Protocol protocol, byte[] value) {
        out.writeBytes(Varint.encode(protocol.code));
        if (protocol.size == LENGTH_PREFIXED) {
            out.writeBytes(Varint.encode(value.length));
        }
        out.writeBytes(value);
    }

    private static byte[] valueToBytes(Protocol protocol, String value) {
        return switch (protocol) {
            case IP4 -> parseIp4(value);
            case IP6 -> parseIp6(value);
            case TCP, UDP -> parsePort(protocol, value);
            case DNS, DNS4, DNS6, DNSADDR -> {
                if (value.isEmpty()) {
                    throw new MultiformatException(MULTIADDR_INVALID, protocol.protocolName + " needs a non-empty name");
                }
                yield value.getBytes(StandardCharsets.UTF_8);
            }
            case P2P -> PeerId.parse(value).bytes();
            case TLS, QUIC_V1, WS, WSS, HTTP, HTTPS -> new byte[0];
        };
    }

    private static String valueToText(Protocol protocol, byte[] value) {
        return switch (protocol) {
            case IP4 -> (value[0] & 0xff) + "." + (value[1] & 0xff) + "." + (value[2] & 0xff) + "." + (value[3] & 0xff);
            case IP6 -> formatIp6(value);
            case TCP, UDP -> Integer.toString(((value[0] & 0xff) << 8) | (value[1] & 0xff));
            case DNS, DNS4, DNS6, DNSADDR -> {
                String name = new String(value, StandardCharsets.UTF_8);
                if (name.isEmpty() || name.indexOf('/') >= 0) {
                    throw new MultiformatException(MULTIADDR_INVALID,
                            protocol.protocolName + " name must be non-empty and free of '/': got '" + name + "'");
                }
                yield name;
            }
            case P2P -> PeerId.fromBytes(value).toBase58();
            case TLS, QUIC_V1, WS, WSS, HTTP, HTTPS -> "";
        };
    }

    private static byte[] parsePort(Protocol protocol, String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MultiformatException(MULTIADDR_INVALID,
                    protocol.protocolName + " port must be a decimal number 0-65535: got '" + text + "'");
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
            throw new MultiformatException(MULTIADDR_INVALID,
                    protocol.protocolName + " port " + port + " is larger than 65535");
        }
        return new byte[]{(byte) (port >>> 8), (byte) port};
    }

    private static byte[] parseIp4(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            throw new MultiformatException(MULTIADDR_INVALID, "ip4 address needs four dotted decimal octets: got '" + text + "'");
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            String octet = octets[i];
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (octet.length() > 1 && octet.charAt(0) == '0') || Integer.parseInt(octet) > 255) {
                throw new MultiformatException(MULTIADDR_INVALID, "ip4 octet '" + octet + "' in '" + text
                        + "' is not a decimal number 0-255 without leading zeros");
            }
            address[i] = (byte) Integer.parseInt(octet);
        }
        return address;
    }

    /** RFC 4291 text: eight hex groups, one "::" run of zero groups at most, an optional dotted ip4 tail. */
    private static byte[] parseIp6(String text) {
        String groupsText = text;
        byte[] ip4Tail = null;
        int lastColon = text.lastIndexOf(':');
        if (lastColon >= 0 && text.indexOf('.', lastColon) >= 0) {
            ip4Tail = parseIp4(text.substring(lastColon + 1));
            groupsText = text.substring(0, lastColon + 1) + "0:0";
        }
        int doubleColon = groupsText.indexOf("::");
        if (doubleColon >= 0 && groupsText.indexOf("::", doubleColon + 1) >= 0) {
            throw invalidIp6(text, "'::' may appear only once");
        }
        List<String> head = groupsOf(doubleColon >= 0 ? groupsText.substring(0, doubleColon) : groupsText, text);
        List<String> tail = doubleColon >= 0 ? groupsOf(groupsText.substring(doubleColon + 2), text) : List.of();
        int explicit = head.size() + tail.size();
        if (doubleColon < 0 ? explicit != 8 : explicit > 7) {
            throw invalidIp6(text, "it must have eight groups of up to four hex digits");
        }
        byte[] address = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            putGroup(address, i, head.get(i));
        }
        for (int i = 0; i < tail.size(); i++) {
            putGroup(address, 8 - tail.size() + i, tail.get(i));
        }
        if (ip4Tail != null) {
            System.arraycopy(ip4Tail, 0, address, 12, 4);
        }
        return address;
    }

    private static List<String> groupsOf(String part, String text) {
        if (part.isEmpty()) {
            return List.of();
        }
        List<String> groups = List.of(part.split(":", -1));
        for (String group : groups) {
            if (group.isEmpty() || group.length() > 4
                    || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw invalidIp6(text, "group '" + group + "' is not one to four hex digits");
            }
        }
        return groups;
    }

    private static void putGroup(byte[] address, int index, String group) {
        int value = Integer.parseInt(group, 16);
        address[2 * index] = (byte) (value >>> 8);
        address[2 * index + 1] = (byte) value;
    }

    private static MultiformatException invalidIp6(String text, String why) {
        return new MultiformatException(MULTIADDR_INVALID, "ip6 address '" + text + "' is invalid: " + why);
    }

    /**
     * RFC 5952: lower-case hex, no leading zeros, the longest run (two groups or more) of zeros as "::";
     * an IPv4-mapped address keeps its dotted tail ({@code ::ffff:1.2.3.4}), as go-multiaddr prints it.
     */
    private static String formatIp6(byte[] address) {
        boolean ip4Mapped = (address[10] & 0xff) == 0xff && (address[11] & 0xff) == 0xff;
        for (int i = 0; i < 10 && ip4Mapped; i++) {
            ip4Mapped = address[i] == 0;
        }
        if (ip4Mapped) {
            return "::ffff:" + (address[12] & 0xff) + "." + (address[13] & 0xff) + "." + (address[14] & 0xff)
                    + "." + (address[15] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}

package io.strata.libp2p;

import java.util.List;

/**
 * The dialer's side of multistream-select 1.0: it sends the header and its first proposal together, then
 * moves to the next proposal on each {@code na}, and fails once the listener declined them all.
 */
public final class MultistreamDialer {

    private static final byte[] NOTHING = new byte[0];

    private final List<String> proposals;
    private final LengthPrefixedReader reader = new LengthPrefixedReader(Multistream.MAX_LINE);
    private boolean headerSeen;
    private int current;

    public MultistreamDialer(List<String> proposals) {
        if (proposals.isEmpty()) {
            throw new IllegalArgumentException("nothing to propose");
        }
        this.proposals = List.copyOf(proposals);
    }

    /** The first bytes to send: our header and the first proposal, pipelined. */
    public byte[] start() {
        return Multistream.lines(Multistream.PROTOCOL_ID, proposals.get(0));
    }

    public Negotiation receive(byte[] bytes) {
        reader.append(bytes);
        byte[] outbound = NOTHING;
        byte[] message;
        while ((message = reader.next()) != null) {
            String line = Multistream.text(message);
            if (!headerSeen) {
                if (!line.equals(Multistream.PROTOCOL_ID)) {
                    throw new Libp2pException(Libp2pException.Code.MALFORMED_NEGOTIATION,
                            "expected the multistream header, got \"" + printable(line) + "\"");
                }
                headerSeen = true;
            } else if (line.equals(proposals.get(current))) {
                return new Negotiation(outbound, line, reader.remainder());
            } else if (line.equals(Multistream.NOT_AVAILABLE)) {
                current++;
                if (current == proposals.size()) {
                    throw new Libp2pException(Libp2pException.Code.PROTOCOL_NOT_SUPPORTED,
                            "the peer supports none of " + proposals);
                }
                outbound = concat(outbound, Multistream.line(proposals.get(current)));
            } else {
                throw new Libp2pException(Libp2pException.Code.MALFORMED_NEGOTIATION,
                        "proposed " + proposals.get(current) + ", the peer answered \"" + printable(line) + "\"");
            }
        }
        return new Negotiation(outbound, null, NOTHING);
    }

    static String printable(String line) {
        String shortened = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}

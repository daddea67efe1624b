package io.strata.libp2p;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The listener's side of multistream-select 1.0: it answers the dialer's header with its own, echoes the
 * first proposal it supports, answers {@code na} to the others and the list of protocols to {@code ls}.
 */
public final class MultistreamListener {

    /** Proposals a dialer may make before we give up on it, so garbage cannot keep a stream busy forever. */
    static final int MAX_PROPOSALS = 32;
    private static final byte[] NOTHING = new byte[0];

    private final Set<String> supported;
    private final LengthPrefixedReader reader = new LengthPrefixedReader(Multistream.MAX_LINE);
    private boolean headerSeen;
    private int proposals;

    public MultistreamListener(Set<String> supported) {
        this.supported = new LinkedHashSet<>(supported);
    }

    public Negotiation receive(byte[] bytes) {
        reader.append(bytes);
        ByteArrayOutputStream outbound = new ByteArrayOutputStream();
        byte[] message;
        while ((message = reader.next()) != null) {
            String line = Multistream.text(message);
            if (!headerSeen) {
                if (!line.equals(Multistream.PROTOCOL_ID)) {
                    throw new Libp2pException(Libp2pException.Code.MALFORMED_NEGOTIATION,
                            "expected the multistream header, got \"" + MultistreamDialer.printable(line) + "\"");
                }
                headerSeen = true;
                outbound.writeBytes(Multistream.line(Multistream.PROTOCOL_ID));
            } else if (supported.contains(line)) {
                outbound.writeBytes(Multistream.line(line));
                return new Negotiation(outbound.toByteArray(), line, reader.remainder());
            } else if (++proposals > MAX_PROPOSALS) {
                throw new Libp2pException(Libp2pException.Code.PROTOCOL_NOT_SUPPORTED,
                        "the dialer made " + MAX_PROPOSALS + " proposals we do not support");
            } else if (line.equals(Multistream.LIST)) {
                outbound.writeBytes(LengthPrefixedReader.frame(listing()));
            } else {
                outbound.writeBytes(Multistream.line(Multistream.NOT_AVAILABLE));
            }
        }
        return new Negotiation(outbound.toByteArray(), null, NOTHING);
    }

    private byte[] listing() {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (String protocol : supported) {
            list.writeBytes(Multistream.line(protocol));
        }
        list.write('\n');
        return list.toByteArray();
    }
}

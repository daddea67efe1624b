package io.strata.libp2p;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultistreamTest {

    // The multistream-select spec's example: 0x13 (19) is the length of "/multistream/1.0.0\n".
    private static final byte[] HEADER = concat(new byte[] {0x13}, ascii("/multistream/1.0.0\n"));

    @Test
    void dialerPipelinesHeaderAndFirstProposal() {
        byte[] start = new MultistreamDialer(List.of("/noise")).start();
        assertArrayEquals(concat(HEADER, new byte[] {0x07}, ascii("/noise\n")), start);
    }

    @Test
    void listenerEchoesSupportedProposalAndHandsOverFollowingBytes() {
        MultistreamListener listener = new MultistreamListener(Set.of("/yamux/1.0.0"));
        byte[] early = {1, 2, 3};
        Negotiation step = listener.receive(concat(HEADER, new byte[] {0x0d}, ascii("/yamux/1.0.0\n"), early));
        assertTrue(step.done());
        assertEquals("/yamux/1.0.0", step.protocol());
        assertArrayEquals(concat(HEADER, new byte[] {0x0d}, ascii("/yamux/1.0.0\n")), step.outbound());
        assertArrayEquals(early, step.remainder());
    }

    @Test
    void dialerFallsBackOnNotAvailable() {
        MultistreamDialer dialer = new MultistreamDialer(List.of("/ipfs/bitswap/1.2.0", "/ipfs/bitswap/1.1.0"));
        MultistreamListener listener = new MultistreamListener(Set.of("/ipfs/bitswap/1.1.0"));
        Negotiation listenerStep = listener.receive(dialer.start());
        assertFalse(listenerStep.done());
        assertArrayEquals(concat(HEADER, new byte[] {0x03}, ascii("na\n")), listenerStep.outbound());
        Negotiation dialerStep = dialer.receive(listenerStep.outbound());
        assertFalse(dialerStep.done());
        listenerStep = listener.receive(dialerStep.outbound());
        assertEquals("/ipfs/bitswap/1.1.0", listenerStep.protocol());
        dialerStep = dialer.receive(listenerStep.outbound());
        assertEquals("/ipfs/bitswap/1.1.0", dialerStep.protocol());
    }

    @Test
    void negotiationSurvivesDeliveryOneByteAtATime() {
        MultistreamDialer dialer = new MultistreamDialer(List.of("/ipfs/ping/1.0.0"));
        MultistreamListener listener = new MultistreamListener(Set.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"));
        byte[] proposal = concat(dialer.start(), new byte[] {42});
        Negotiation step = null;
        byte[] answer = new byte[0];
        for (byte b : proposal) {
            if (step != null && step.done()) {
                break;
            }
            step = listener.receive(new byte[] {b});
            answer = concat(answer, step.outbound());
        }
        assertEquals("/ipfs/ping/1.0.0", step.protocol());
        assertArrayEquals(new byte[0], step.remainder(), "the byte after the proposal had not been fed yet");
        Negotiation dialed = null;
        for (byte b : answer) {
            dialed = dialer.receive(new byte[] {b});
        }
        assertEquals("/ipfs/ping/1.0.0", dialed.protocol());
    }

    @Test
    void dialerFailsWhenEveryProposalIsDeclined() {
        MultistreamDialer dialer = new MultistreamDialer(List.of("/a"));
        Libp2pException e = assertThrows(Libp2pException.class,
                () -> dialer.receive(concat(HEADER, new byte[] {0x03}, ascii("na\n"))));
        assertEquals(Libp2pException.Code.PROTOCOL_NOT_SUPPORTED, e.code());
    }

    @Test
    void listenerAnswersLsWithItsProtocols() {
        MultistreamListener listener = new MultistreamListener(Set.of("/x"));
        Negotiation step = listener.receive(concat(HEADER, new byte[] {0x03}, ascii("ls\n")));
        // One message holding the length-prefixed line "/x\n" and a closing newline.
        byte[] listing = concat(new byte[] {0x05, 0x03}, ascii("/x\n"), ascii("\n"));
        assertArrayEquals(concat(HEADER, listing), step.outbound());
    }

    @Test
    void garbageInsteadOfHeaderIsRejected() {
        MultistreamListener listener = new MultistreamListener(Set.of("/x"));
        Libp2pException e = assertThrows(Libp2pException.class,
                () -> listener.receive(concat(new byte[] {0x04}, ascii("GET\n"))));
        assertEquals(Libp2pException.Code.MALFORMED_NEGOTIATION, e.code());
    }

    @Test
    void lineWithoutNewlineIsRejected() {
        MultistreamListener listener = new MultistreamListener(Set.of("/x"));
        Libp2pException e = assertThrows(Libp2pException.class,
                () -> listener.receive(concat(new byte[] {0x12}, ascii("/multistream/1.0.0"))));
        assertEquals(Libp2pException.Code.MALFORMED_NEGOTIATION, e.code());
    }

    @Test
    void oversizeLineIsRejectedFromItsPrefix() {
        MultistreamListener listener = new MultistreamListener(Set.of("/x"));
        Libp2pException e = assertThrows(Libp2pException.class,
                () -> listener.receive(new byte[] {(byte) 0xff, (byte) 0xff, 0x03}));
        assertEquals(Libp2pException.Code.MESSAGE_TOO_LARGE, e.code());
    }

    @Test
    void endlessUnsupportedProposalsAreCutOff() {
        MultistreamListener listener = new MultistreamListener(Set.of("/x"));
        listener.receive(HEADER);
        byte[] proposal = concat(new byte[] {0x03}, ascii("/y\n"));
        for (int i = 0; i < MultistreamListener.MAX_PROPOSALS; i++) {
            listener.receive(proposal);
        }
        Libp2pException e = assertThrows(Libp2pException.class, () -> listener.receive(proposal));
        assertEquals(Libp2pException.Code.PROTOCOL_NOT_SUPPORTED, e.code());
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        byte[] joined = new byte[0];
        for (byte[] part : parts) {
            int at = joined.length;
            joined = Arrays.copyOf(joined, at + part.length);
            System.arraycopy(part, 0, joined, at, part.length);
        }
        return joined;
    }
}

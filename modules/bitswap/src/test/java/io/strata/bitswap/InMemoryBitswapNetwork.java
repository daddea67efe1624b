package io.strata.bitswap;

import io.strata.multiformats.PeerId;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Peers in one process. Every message goes through the codec, as it would on a wire; a peer with no
 * handler swallows what it is sent, like a peer that never answers.
 */
final class InMemoryBitswapNetwork {

    private record Envelope(PeerId from, PeerId to, byte[] bytes) {
    }

    private final Deque<Envelope> inFlight = new ArrayDeque<>();
    private final Map<PeerId, BiConsumer<PeerId, BitswapMessage>> handlers = new HashMap<>();
    private int swallowed;

    BitswapNetwork endpoint(PeerId self) {
        return (to, message) -> inFlight.addLast(new Envelope(self, to, BitswapMessageCodec.encode(message)));
    }

    void register(PeerId peer, BiConsumer<PeerId, BitswapMessage> handler) {
        handlers.put(peer, handler);
    }

    /** Delivers messages, including those sent in reaction, until none is in flight. */
    void deliverAll() {
        while (!inFlight.isEmpty()) {
            Envelope envelope = inFlight.pollFirst();
            BiConsumer<PeerId, BitswapMessage> handler = handlers.get(envelope.to());
            if (handler == null) {
                swallowed++;
            } else {
                handler.accept(envelope.from(), BitswapMessageCodec.decode(envelope.bytes()));
            }
        }
    }

    int swallowed() {
        return swallowed;
    }
}

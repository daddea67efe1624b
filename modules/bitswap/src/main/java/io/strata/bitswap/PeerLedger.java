package io.strata.bitswap;

import io.strata.multiformats.PeerId;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What was exchanged with each peer: bytes and blocks in both directions. */
public final class PeerLedger {

    public record Account(long bytesSent, long bytesReceived, long blocksSent, long blocksReceived,
                          long messagesSent, long messagesReceived) {
        static final Account EMPTY = new Account(0, 0, 0, 0, 0, 0);

        /** Received over sent bytes, as boxo's debt ratio: above 1 the peer has given more than it took. */
        public double debtRatio() {
            return bytesReceived / (bytesSent + 1.0);
        }
    }

    private final Map<PeerId, Account> accounts = new HashMap<>();

    public void sent(PeerId peer, BitswapMessage message) {
        long bytes = blockBytes(message);
        accounts.merge(peer, new Account(bytes, 0, message.blocks().size(), 0, 1, 0), PeerLedger::sum);
    }

    public void received(PeerId peer, BitswapMessage message) {
        long bytes = blockBytes(message);
        accounts.merge(peer, new Account(0, bytes, 0, message.blocks().size(), 0, 1), PeerLedger::sum);
    }

    public Account account(PeerId peer) {
        return accounts.getOrDefault(peer, Account.EMPTY);
    }

    public Optional<Account> find(PeerId peer) {
        return Optional.ofNullable(accounts.get(peer));
    }

    public void forget(PeerId peer) {
        accounts.remove(peer);
    }

    private static long blockBytes(BitswapMessage message) {
        return message.blocks().stream().mapToLong(block -> block.data().length).sum();
    }

    private static Account sum(Account a, Account b) {
        return new Account(a.bytesSent() + b.bytesSent(), a.bytesReceived() + b.bytesReceived(),
                a.blocksSent() + b.blocksSent(), a.blocksReceived() + b.blocksReceived(),
                a.messagesSent() + b.messagesSent(), a.messagesReceived() + b.messagesReceived());
    }
}

package io.strata.bitswap;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The answering side of Bitswap. It keeps each peer's wantlist, turns wants into queued tasks (a block,
 * HAVE or DONT_HAVE), and sends them in batches bounded by the message limit, peers taking turns.
 * Wants for blocks it lacks stay on the peer's wantlist and are served by {@link #blocksAdded}.
 */
public final class BitswapServer {

    /**
     * @param workPerTurn bytes of answers one peer gets before the next peer's turn
     * @param maxBlockSizeReplacesHave a want-have for a block this small is answered with the block
     *                                 itself, saving a round trip (boxo uses 1024)
     * @param maxMessageBytes upper bound of one outgoing message
     * @param targetMessageBytes a message is sent as soon as it holds this much, and the next one begun:
     *                           smaller messages reach the peer sooner and keep both ends busy at once
     *                           (still within {@code maxMessageBytes}, so a single large block fits)
     */
    public record Config(int workPerTurn, int maxBlockSizeReplacesHave, int maxMessageBytes, int targetMessageBytes) {
        public Config {
            if (workPerTurn <= 0 || maxBlockSizeReplacesHave < 0 || maxMessageBytes <= 0
                    || maxMessageBytes > BitswapMessage.MAX_MESSAGE_BYTES
                    || targetMessageBytes <= 0 || targetMessageBytes > maxMessageBytes) {
                throw new IllegalArgumentException("invalid server config " + workPerTurn + "/"
                        + maxBlockSizeReplacesHave + "/" + maxMessageBytes + "/" + targetMessageBytes);
            }
        }

        /** Messages filled up to {@code maxMessageBytes}. */
        public Config(int workPerTurn, int maxBlockSizeReplacesHave, int maxMessageBytes) {
            this(workPerTurn, maxBlockSizeReplacesHave, maxMessageBytes, maxMessageBytes);
        }

        public static Config defaults() {
            return new Config(1024 * 1024, 1024, BitswapMessage.MAX_MESSAGE_BYTES);
        }
    }

    /** Protobuf framing around each block or presence, generously rounded up. */
    private static final int PER_ITEM_OVERHEAD = 16;
    /** Room kept free for the message's own fields. */
    private static final int MESSAGE_OVERHEAD = 64;

    private final BlockLookup blocks;
    private final BitswapNetwork network;
    private final Config config;
    private final ToIntFunction<PeerId> targetMessageBytes;
    private final Map<PeerId, Wantlist> wantlists = new HashMap<>();
    private final PeerTaskQueue tasks = new PeerTaskQueue();
    private final PeerLedger ledger = new PeerLedger();

    /** Answers every peer in messages of {@code config.targetMessageBytes()}. */
    public BitswapServer(BlockLookup blocks, BitswapNetwork network, Config config) {
        this(blocks, network, config, peer -> config.targetMessageBytes());
    }

    /**
     * @param targetMessageBytes the message size each peer is answered in, where transports differ in what a
     *                           message costs the receiver (never more than {@code config.maxMessageBytes()})
     */
    public BitswapServer(BlockLookup blocks, BitswapNetwork network, Config config,
                         ToIntFunction<PeerId> targetMessageBytes) {
        this.blocks = blocks;
        this.network = network;
        this.config = config;
        this.targetMessageBytes = targetMessageBytes;
    }

    /** Takes in a peer's message: its wantlist changes become tasks. Call {@link #serve()} to answer. */
    public void receive(PeerId from, BitswapMessage message) {
        ledger.received(from, message);
        if (message.wantlist().isEmpty() && !message.fullWantlist()) {
            return;
        }
        Wantlist wantlist = wantlists.computeIfAbsent(from, p -> new Wantlist());
        if (message.fullWantlist()) {
            tasks.clear(from);
        }
        wantlist.apply(message.wantlist(), message.fullWantlist());
        for (BitswapMessage.Entry entry : message.wantlist()) {
            if (entry.cancel()) {
                tasks.remove(from, entry.cid());
            }
        }
        if (message.fullWantlist()) {
            wantlist.entries().forEach(want -> queueAnswer(from, want, true));
            return;
        }
        for (BitswapMessage.Entry entry : message.wantlist()) {
            if (!entry.cancel()) {
                wantlist.get(entry.cid()).ifPresent(want -> queueAnswer(from, want, true));
            }
        }
    }

    /** New local blocks: peers that wanted them are answered on the next {@link #serve()}. */
    public void blocksAdded(Collection<Cid> cids) {
        wantlists.forEach((peer, wantlist) -> {
            for (Cid cid : cids) {
                wantlist.get(cid).ifPresent(want -> queueAnswer(peer, want, false));
            }
        });
    }

    /** Serves one peer's turn; false when nothing was queued. */
    public boolean serveTurn() {
        Optional<PeerTaskQueue.Turn> turn = tasks.next(config.workPerTurn());
        turn.ifPresent(this::answer);
        return turn.isPresent();
    }

    /** Serves turns until every queued task is answered; returns the number of turns taken. */
    public int serve() {
        int turns = 0;
        while (serveTurn()) {
            turns++;
        }
        return turns;
    }

    /** Forgets a disconnected peer's wantlist and queued answers. */
    public void peerDisconnected(PeerId peer) {
        wantlists.remove(peer);
        tasks.clear(peer);
    }

    public PeerLedger ledger() {
        return ledger;
    }

    public List<Wantlist.Want> wantlistOf(PeerId peer) {
        Wantlist wantlist = wantlists.get(peer);
        return wantlist == null ? List.of() : wantlist.entries();
    }

    /** True when some peer's wantlist holds {@code cid}, so a newly stored block is worth loading. */
    public boolean isWanted(Cid cid) {
        for (Wantlist wantlist : wantlists.values()) {
            if (wantlist.contains(cid)) {
                return true;
            }
        }
        return false;
    }

    public int queuedTasks(PeerId peer) {
        return tasks.size(peer);
    }

    private void queueAnswer(PeerId peer, Wantlist.Want want, boolean mayAnswerDontHave) {
        Optional<byte[]> data = blocks.get(want.cid());
        if (data.isPresent()) {
            int size = data.get().length;
            boolean sendBlock = want.type() == WantType.BLOCK || size <= config.maxBlockSizeReplacesHave();
            tasks.push(peer, sendBlock
                    ? new PeerTaskQueue.Task(want.cid(), want.priority(), PeerTaskQueue.Kind.SEND_BLOCK, size)
                    : new PeerTaskQueue.Task(want.cid(), want.priority(), PeerTaskQueue.Kind.SEND_HAVE,
                            want.cid().length()));
        } else if (mayAnswerDontHave && want.sendDontHave()) {
            tasks.push(peer, new PeerTaskQueue.Task(want.cid(), want.priority(),
                    PeerTaskQueue.Kind.SEND_DONT_HAVE, want.cid().length()));
        }
    }

    private void answer(PeerTaskQueue.Turn turn) {
        PeerId peer = turn.peer();
        Wantlist wantlist = wantlists.get(peer);
        int target = targetMessageBytes.applyAsInt(peer);
        Outgoing outgoing = new Outgoing();
        for (PeerTaskQueue.Task task : turn.tasks()) {
            Optional<byte[]> data = task.kind() == PeerTaskQueue.Kind.SEND_DONT_HAVE
                    ? Optional.empty() : blocks.get(task.cid());
            int itemSize;
            if (task.kind() == PeerTaskQueue.Kind.SEND_BLOCK && data.isPresent()) {
                itemSize = data.get().length + task.cid().length() + PER_ITEM_OVERHEAD;
            } else {
                itemSize = task.cid().length() + PER_ITEM_OVERHEAD;
            }
            if (outgoing.size + itemSize > config.maxMessageBytes()) {
                outgoing = sendIfAny(peer, outgoing);
            }
            outgoing.size += itemSize;
            switch (task.kind()) {
                case SEND_BLOCK -> {
                    if (data.isPresent()) {
                        outgoing.blocks.add(new Block(task.cid(), data.get()));
                        forgetWant(wantlist, task.cid());
                    } else if (wantlist != null && wantlist.get(task.cid()).map(Wantlist.Want::sendDontHave).orElse(false)) {
                        outgoing.presences.add(new BitswapMessage.Presence(task.cid(), PresenceType.DONT_HAVE));
                    }
                }
                case SEND_HAVE -> {
                    outgoing.presences.add(new BitswapMessage.Presence(task.cid(),
                            data.isPresent() ? PresenceType.HAVE : PresenceType.DONT_HAVE));
                    if (data.isPresent()) {
                        forgetWant(wantlist, task.cid());
                    }
                }
                case SEND_DONT_HAVE -> outgoing.presences.add(new BitswapMessage.Presence(task.cid(), PresenceType.DONT_HAVE));
            }
            if (outgoing.size >= target) {
                outgoing = sendIfAny(peer, outgoing);
            }
        }
        sendIfAny(peer, outgoing);
    }

    /** Sends what {@code outgoing} holds, if anything, and returns the next, empty message. */
    private Outgoing sendIfAny(PeerId peer, Outgoing outgoing) {
        if (outgoing.blocks.isEmpty() && outgoing.presences.isEmpty()) {
            return outgoing;
        }
        BitswapMessage message = new BitswapMessage(List.of(), false, outgoing.blocks, outgoing.presences, 0);
        ledger.sent(peer, message);
        network.send(peer, message);
        return new Outgoing();
    }

    /** A message being filled: its blocks, presences and estimated encoded size. */
    private static final class Outgoing {
        final List<Block> blocks = new ArrayList<>();
        final List<BitswapMessage.Presence> presences = new ArrayList<>();
        int size = MESSAGE_OVERHEAD;
    }

    private static void forgetWant(Wantlist wantlist, Cid cid) {
        if (wantlist != null) {
            wantlist.remove(cid);
        }
    }
}

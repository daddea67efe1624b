package io.strata.bitswap;

import io.strata.ipld.Block;
import io.strata.ipld.BlockSink;
import io.strata.ipld.DagLinks;
import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.PeerId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One fetch session on the asking side of Bitswap. For each wanted CID it asks one provider for the
 * block (want-block) and the others whether they have it (want-have, with sendDontHave). A DONT_HAVE,
 * a missed deadline or a bad block moves the want-block to another provider, peers that said HAVE
 * first. A received block is stored, counted, and cancelled everywhere else. With {@code followLinks}
 * the session fetches a whole DAG: every stored block's links become new wants.
 *
 * <p>Time is passed in by the caller (milliseconds on any monotonic clock); {@link #tick} must be
 * called to act on deadlines.
 */
public final class BitswapClient {

    /**
     * @param providerTimeoutMillis how long a provider may stay silent on a want-block it was given: every
     *                              block it delivers restarts the clock of its other want-blocks
     * @param priority priority of this session's wants
     * @param followLinks fetch the DAG below every received block
     * @param maxActiveWants wants on the wire at once; the rest wait their turn, so a huge DAG does not
     *                       flood providers' wantlists
     */
    public record Config(long providerTimeoutMillis, int priority, boolean followLinks, int maxActiveWants) {
        public Config {
            if (providerTimeoutMillis <= 0) {
                throw new IllegalArgumentException("providerTimeoutMillis must be positive: " + providerTimeoutMillis);
            }
            if (maxActiveWants <= 0) {
                throw new IllegalArgumentException("maxActiveWants must be positive: " + maxActiveWants);
            }
        }
    }

    public record Stats(long blocksReceived, long bytesReceived, long duplicateBlocks, long duplicateBytes,
                        long rejectedBlocks, long havesReceived, long dontHavesReceived, long timeouts,
                        long wantBlocksSent, long wantHavesSent) {
    }

    private static final class WantState {
        final Cid cid;
        final Set<PeerId> asked = new LinkedHashSet<>();
        final Set<PeerId> haves = new LinkedHashSet<>();
        final Set<PeerId> failed = new HashSet<>();
        PeerId blockPeer;
        long deadline;
        /** When the want-block went to {@code blockPeer}: the deadline moves, this does not. */
        long givenAt;

        WantState(Cid cid) {
            this.cid = cid;
        }
    }

    /**
     * A want-block's deadline moves on while its provider delivers other blocks, but for at most this many provider
     * timeouts since it was given: a want lost on the way (the provider restarted, or its endpoint was not yet
     * listening when the wantlist was resent at its return) is never answered, however busy the provider is.
     */
    static final int MAX_WAIT_IN_PROVIDER_TIMEOUTS = 3;

    private final BitswapNetwork network;
    private final BlockSink sink;
    private final Config config;
    private final List<PeerId> providers = new ArrayList<>();
    private final Set<PeerId> dropped = new HashSet<>();
    private final Map<Cid, WantState> pending = new LinkedHashMap<>();
    private final Set<Cid> waiting = new LinkedHashSet<>();
    private final Set<Cid> received = new HashSet<>();
    /** What each peer has been asked for; its unsent delta is the next message to that peer. */
    private final Map<PeerId, Wantlist> sentWants = new LinkedHashMap<>();
    private int rotation;

    private long blocksReceived;
    private long bytesReceived;
    private long duplicateBlocks;
    private long duplicateBytes;
    private long rejectedBlocks;
    private long havesReceived;
    private long dontHavesReceived;
    private long timeouts;
    private long wantBlocksSent;
    private long wantHavesSent;

    public BitswapClient(BitswapNetwork network, BlockSink sink, Config config) {
        this.network = network;
        this.sink = sink;
        this.config = config;
    }

    /** A peer that may have the blocks; pending wants are offered to it at once. */
    public void addProvider(PeerId peer, long now) {
        if (providers.contains(peer) || dropped.contains(peer)) {
            return;
        }
        providers.add(peer);
        for (WantState state : pending.values()) {
            if (state.blockPeer == null) {
                assignBlockPeer(state, now);
            } else if (state.asked.add(peer)) {
                queueWant(peer, state.cid, WantType.HAVE);
            }
        }
        flush();
    }

    /** Starts fetching {@code cids}; those already received or pending are ignored. */
    public void want(Collection<Cid> cids, long now) {
        for (Cid cid : cids) {
            startWant(cid, now);
        }
        flush();
    }

    /**
     * Takes in a provider's message and returns the blocks it newly stored. A block this session never
     * asked for (bytes that do not match any wanted CID) is rejected, never stored, and its sender is
     * dropped from the session: its later presences are ignored, though a valid block it sends is still
     * taken, content addressing making the sender irrelevant.
     */
    public List<Block> receive(PeerId from, BitswapMessage message, long now) {
        return receive(from, message, now, true);
    }

    /**
     * As {@link #receive}, for a message straight from {@link BitswapMessageCodec#decode}: its blocks were
     * named by hashing their bytes there, so hashing them again would only repeat that work.
     */
    public List<Block> receiveDecoded(PeerId from, BitswapMessage message, long now) {
        return receive(from, message, now, false);
    }

    private List<Block> receive(PeerId from, BitswapMessage message, long now, boolean verify) {
        List<Block> stored = new ArrayList<>();
        boolean misbehaved = false;
        for (Block block : message.blocks()) {
            if (verify && !matchesItsCid(block)) {
                rejectedBlocks++;
                misbehaved = true;
                continue;
            }
            WantState state = pending.remove(block.cid());
            if (state != null) {
                received.add(block.cid());
                blocksReceived++;
                bytesReceived += block.data().length;
                sink.put(block);
                stored.add(block);
                for (PeerId peer : state.asked) {
                    if (peer.equals(from)) {
                        wantlistOf(peer).remove(block.cid());
                    } else {
                        wantlistOf(peer).cancel(block.cid());
                    }
                }
                if (config.followLinks()) {
                    followLinks(block, now);
                }
            } else if (received.contains(block.cid())) {
                duplicateBlocks++;
                duplicateBytes += block.data().length;
            } else {
                rejectedBlocks++;
                misbehaved = true;
            }
        }
        boolean trusted = !dropped.contains(from);
        for (BitswapMessage.Presence presence : message.presences()) {
            WantState state = trusted ? pending.get(presence.cid()) : null;
            if (presence.type() == PresenceType.HAVE) {
                havesReceived++;
                if (state != null && !state.failed.contains(from)) {
                    state.haves.add(from);
                    if (state.blockPeer == null) {
                        sendWantBlock(state, from, now);
                    }
                }
            } else {
                dontHavesReceived++;
                if (state != null) {
                    state.failed.add(from);
                    state.haves.remove(from);
                    if (from.equals(state.blockPeer)) {
                        assignBlockPeer(state, now);
                    }
                }
            }
        }
        if (misbehaved) {
            drop(from, now);
        } else if (!stored.isEmpty()) {
            extendDeadlines(from, now);
        }
        activateWaiting(now);
        if (!stored.isEmpty()) {
            sink.flush();
        }
        flush();
        return stored;
    }

    /**
     * Gives every stalled want another round with the providers that failed it (a DONT_HAVE, a missed
     * deadline): the block may have reached them since, or the peer was only slow. Dropped peers stay dropped.
     */
    public void retryStalled(long now) {
        for (WantState state : pending.values()) {
            if (state.blockPeer == null && !state.failed.isEmpty()) {
                state.failed.clear();
                assignBlockPeer(state, now);
            }
        }
        flush();
    }

    /**
     * Acts on deadlines: a provider that has not delivered a want-block in time (or within
     * {@value #MAX_WAIT_IN_PROVIDER_TIMEOUTS} provider timeouts, however many other blocks it delivered meanwhile)
     * loses it to another, if there is one that has not failed it. Without one, the want-block is sent to the late provider again: the first
     * may have been lost (the peer was leaving or restarting) and a peer answers a want it already holds only
     * once, so a slow peer costs nothing while a peer that never got the want is asked after all.
     */
    public void tick(long now) {
        long longestWait = config.providerTimeoutMillis() * MAX_WAIT_IN_PROVIDER_TIMEOUTS;
        for (WantState state : pending.values()) {
            if (state.blockPeer != null && (state.deadline <= now || now - state.givenAt >= longestWait)) {
                timeouts++;
                PeerId late = state.blockPeer;
                if (!hasAlternative(state, late)) {
                    state.deadline = now + config.providerTimeoutMillis();
                    state.givenAt = now;
                    wantlistOf(late).resend(state.cid);
                    continue;
                }
                state.failed.add(late);
                state.haves.remove(late);
                wantlistOf(late).cancel(state.cid);
                assignBlockPeer(state, now);
            }
        }
        flush();
    }

    public boolean isComplete() {
        return pending.isEmpty() && waiting.isEmpty();
    }

    /** Wants not yet received: those on the wire and those waiting for a free slot. */
    public Set<Cid> pendingCids() {
        Set<Cid> all = new LinkedHashSet<>(pending.keySet());
        all.addAll(waiting);
        return all;
    }

    /** Wants no provider could serve: every provider failed them; a new provider revives them. */
    public Set<Cid> stalledCids() {
        Set<Cid> stalled = new HashSet<>();
        pending.values().stream().filter(state -> state.blockPeer == null).forEach(state -> stalled.add(state.cid));
        return stalled;
    }

    /**
     * Where a want stands, for explaining a fetch that ran out of time: whom it was given to and until when,
     * who was asked, who answered HAVE and who failed it; or that it waits for a free slot behind others.
     */
    public record WantView(Cid cid, boolean waitingForSlot, PeerId blockPeer, long deadline, Set<PeerId> asked,
                           Set<PeerId> haves, Set<PeerId> failed, int providers, int pending, int waiting) {
    }

    public java.util.Optional<WantView> view(Cid cid) {
        WantState state = pending.get(cid);
        if (state != null) {
            return java.util.Optional.of(new WantView(cid, false, state.blockPeer, state.deadline, Set.copyOf(state.asked),
                    Set.copyOf(state.haves), Set.copyOf(state.failed), providers.size(), pending.size(), waiting.size()));
        }
        if (waiting.contains(cid)) {
            return java.util.Optional.of(new WantView(cid, true, null, 0, Set.of(), Set.of(), Set.of(), providers.size(),
                    pending.size(), waiting.size()));
        }
        return java.util.Optional.empty();
    }

    public boolean hasReceived(Cid cid) {
        return received.contains(cid);
    }

    /** True while {@code cid} is wanted: on the wire or waiting for a free slot. */
    public boolean isPending(Cid cid) {
        return pending.containsKey(cid) || waiting.contains(cid);
    }

    /**
     * Stops wanting {@code cids} (nobody needs them any more): each peer asked is sent a cancel, and a
     * freed slot goes to the next waiting want.
     */
    public void cancel(Collection<Cid> cids, long now) {
        for (Cid cid : cids) {
            waiting.remove(cid);
            WantState state = pending.remove(cid);
            if (state != null) {
                for (PeerId peer : state.asked) {
                    wantlistOf(peer).cancel(cid);
                }
            }
        }
        activateWaiting(now);
        flush();
    }

    /** Peers removed from this session for sending blocks that match no want. */
    public Set<PeerId> droppedPeers() {
        return Set.copyOf(dropped);
    }

    public Stats stats() {
        return new Stats(blocksReceived, bytesReceived, duplicateBlocks, duplicateBytes, rejectedBlocks,
                havesReceived, dontHavesReceived, timeouts, wantBlocksSent, wantHavesSent);
    }

    /**
     * Sends a peer everything it is currently asked for as a full wantlist, replacing its copy: after a
     * reconnect the peer may have forgotten the earlier deltas.
     */
    public void resendWantlist(PeerId peer) {
        Wantlist wantlist = sentWants.get(peer);
        if (wantlist != null && wantlist.size() > 0) {
            sendBatched(peer, wantlist.drainFull(), true);
        }
    }

    /** Cancels every pending want with every peer asked. */
    public void close() {
        for (WantState state : pending.values()) {
            for (PeerId peer : state.asked) {
                wantlistOf(peer).cancel(state.cid);
            }
        }
        pending.clear();
        waiting.clear();
        flush();
    }

    /** Blocks decoded by {@link BitswapMessageCodec} always match; blocks handed over in-process might not. */
    private static boolean matchesItsCid(Block block) {
        try {
            BitswapMessageCodec.verify(block.cid(), block.data());
            return true;
        } catch (BitswapException e) {
            return false;
        }
    }

    private void startWant(Cid cid, long now) {
        if (received.contains(cid) || pending.containsKey(cid)) {
            return;
        }
        if (pending.size() >= config.maxActiveWants()) {
            waiting.add(cid);
            return;
        }
        WantState state = new WantState(cid);
        pending.put(cid, state);
        assignBlockPeer(state, now);
        for (PeerId peer : providers) {
            if (!peer.equals(state.blockPeer) && state.asked.add(peer)) {
                queueWant(peer, cid, WantType.HAVE);
            }
        }
    }

    private void activateWaiting(long now) {
        while (pending.size() < config.maxActiveWants() && !waiting.isEmpty()) {
            Cid next = waiting.iterator().next();
            waiting.remove(next);
            startWant(next, now);
        }
    }

    private void followLinks(Block block, long now) {
        if (!DagLinks.supports(block.cid().codec())) {
            return;
        }
        List<Cid> links;
        try {
            links = DagLinks.links(block.cid(), block.data());
        } catch (IpldException e) {
            return;
        }
        for (Cid link : links) {
            if (link.multihash().function() != Multicodec.IDENTITY.code()) {
                startWant(link, now);
            }
        }
    }

    /**
     * Whether another provider could take a want from {@code late}. Without one, the late provider keeps it:
     * cancelling and asking it again would only bring the block twice once it catches up.
     */
    private boolean hasAlternative(WantState state, PeerId late) {
        for (PeerId peer : state.haves) {
            if (!peer.equals(late) && !state.failed.contains(peer) && !dropped.contains(peer)) {
                return true;
            }
        }
        for (PeerId peer : providers) {
            if (!peer.equals(late) && !state.failed.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A provider that just delivered is working through our wants, however many are queued ahead of the
     * rest: the deadline measures its silence, not the depth of the queue it is serving.
     */
    private void extendDeadlines(PeerId provider, long now) {
        for (WantState state : pending.values()) {
            if (provider.equals(state.blockPeer)) {
                state.deadline = now + config.providerTimeoutMillis();
            }
        }
    }

    /** Gives the want-block to the best remaining provider: one that said HAVE, else the next in rotation. */
    private void assignBlockPeer(WantState state, long now) {
        state.blockPeer = null;
        for (PeerId peer : state.haves) {
            if (!state.failed.contains(peer) && !dropped.contains(peer)) {
                sendWantBlock(state, peer, now);
                return;
            }
        }
        for (int i = 0; i < providers.size(); i++) {
            PeerId peer = providers.get((rotation + i) % providers.size());
            if (!state.failed.contains(peer)) {
                rotation = (rotation + i + 1) % providers.size();
                sendWantBlock(state, peer, now);
                return;
            }
        }
    }

    /**
     * Asks {@code peer} for the block. A want-block it already holds from an earlier round is sent again all the
     * same: when a retry returns to a peer, that peer may have restarted since and forgotten it.
     */
    private void sendWantBlock(WantState state, PeerId peer, long now) {
        state.blockPeer = peer;
        state.deadline = now + config.providerTimeoutMillis();
        state.givenAt = now;
        state.asked.add(peer);
        if (!wantlistOf(peer).add(state.cid, config.priority(), WantType.BLOCK, true)) {
            wantlistOf(peer).resend(state.cid);
        }
    }

    private void queueWant(PeerId peer, Cid cid, WantType type) {
        wantlistOf(peer).add(cid, config.priority(), type, true);
    }

    private Wantlist wantlistOf(PeerId peer) {
        return sentWants.computeIfAbsent(peer, p -> new Wantlist());
    }

    private void drop(PeerId peer, long now) {
        dropped.add(peer);
        providers.remove(peer);
        rotation = providers.isEmpty() ? 0 : rotation % providers.size();
        sentWants.remove(peer);
        for (WantState state : pending.values()) {
            state.failed.add(peer);
            state.haves.remove(peer);
            state.asked.remove(peer);
            if (peer.equals(state.blockPeer)) {
                assignBlockPeer(state, now);
            }
        }
    }

    private void flush() {
        for (Map.Entry<PeerId, Wantlist> peerWants : sentWants.entrySet()) {
            List<BitswapMessage.Entry> delta = peerWants.getValue().drainDelta();
            countWants(delta);
            sendBatched(peerWants.getKey(), delta, false);
        }
    }

    private void countWants(List<BitswapMessage.Entry> entries) {
        for (BitswapMessage.Entry entry : entries) {
            if (!entry.cancel()) {
                if (entry.wantType() == WantType.BLOCK) {
                    wantBlocksSent++;
                } else {
                    wantHavesSent++;
                }
            }
        }
    }

    /**
     * Splits a long wantlist so that no message exceeds the limit (an entry is under 128 bytes); of a
     * full wantlist only the first part replaces the peer's copy, the rest extend it.
     */
    private void sendBatched(PeerId peer, List<BitswapMessage.Entry> entries, boolean full) {
        int perMessage = BitswapMessage.MAX_MESSAGE_BYTES / 128;
        for (int start = 0; start < entries.size(); start += perMessage) {
            List<BitswapMessage.Entry> part = entries.subList(start, Math.min(entries.size(), start + perMessage));
            network.send(peer, BitswapMessage.wants(part, full && start == 0));
        }
    }
}

package io.strata.bitswap;

import io.strata.ipld.Block;
import io.strata.multiformats.Cid;

import java.util.List;
import java.util.Objects;

/**
 * One Bitswap message: wantlist changes (or a full wantlist), blocks and block presences. Every block
 * carried here was named by hashing its data, so its CID is always true to its bytes.
 */
public record BitswapMessage(List<Entry> wantlist, boolean fullWantlist, List<Block> blocks,
                             List<Presence> presences, int pendingBytes) {

    /** Largest encoded message accepted or produced (boxo and the spec: 4 MiB). */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    /** Largest block accepted or sent (2 MiB). */
    public static final int MAX_BLOCK_BYTES = 2 * 1024 * 1024;

    public BitswapMessage {
        wantlist = List.copyOf(wantlist);
        blocks = List.copyOf(blocks);
        presences = List.copyOf(presences);
    }

    public static BitswapMessage wants(List<Entry> entries, boolean full) {
        return new BitswapMessage(entries, full, List.of(), List.of(), 0);
    }

    /** One wantlist entry; a cancel carries only the CID. */
    public record Entry(Cid cid, int priority, boolean cancel, WantType wantType, boolean sendDontHave) {
        public Entry {
            Objects.requireNonNull(cid, "cid");
            Objects.requireNonNull(wantType, "wantType");
        }

        public static Entry want(Cid cid, int priority, WantType type, boolean sendDontHave) {
            return new Entry(cid, priority, false, type, sendDontHave);
        }

        public static Entry cancel(Cid cid) {
            return new Entry(cid, 0, true, WantType.BLOCK, false);
        }
    }

    public record Presence(Cid cid, PresenceType type) {
        public Presence {
            Objects.requireNonNull(cid, "cid");
            Objects.requireNonNull(type, "type");
        }
    }
}

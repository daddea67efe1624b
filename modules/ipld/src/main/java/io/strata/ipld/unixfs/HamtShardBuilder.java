package io.strata.ipld.unixfs;

import com.google.protobuf.ByteString;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.proto.unixfs.UnixFsProtos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a UnixFS HAMT-sharded directory the way go-unixfs does. Each level takes the next
 * {@code log2(fanout)} bits of the name's murmur3 hash as a slot. A slot holding one entry links to it
 * under {@code prefix + name}; a slot shared by several entries holds a sub-shard linked under the bare
 * prefix. Only insertions happen here, so the trie depends on the set of names, not on their order.
 */
final class HamtShardBuilder {

    private final HamtGeometry geometry;
    private final Shard root;

    HamtShardBuilder(int fanout) {
        this.geometry = HamtGeometry.of(fanout);
        this.root = new Shard(fanout);
    }

    private record Entry(String name, ImportedNode node, byte[] hash) {
    }

    private static final class Shard {
        final Object[] slots;

        Shard(int fanout) {
            slots = new Object[fanout];
        }
    }

    void add(String name, ImportedNode node) {
        Entry entry = new Entry(name, node, Murmur3.hamtHash(name.getBytes(StandardCharsets.UTF_8)));
        HamtHashBits bits = new HamtHashBits(entry.hash(), 0);
        Shard shard = root;
        while (true) {
            int slot = bits.next(geometry.bitsPerLevel());
            Object occupant = shard.slots[slot];
            if (occupant == null) {
                shard.slots[slot] = entry;
                return;
            }
            if (occupant instanceof Shard child) {
                shard = child;
                continue;
            }
            Entry resident = (Entry) occupant;
            Shard child = new Shard(geometry.fanout());
            HamtHashBits residentBits = new HamtHashBits(resident.hash(), bits.consumed());
            child.slots[residentBits.next(geometry.bitsPerLevel())] = resident;
            shard.slots[slot] = child;
            shard = child;
        }
    }

    ImportedNode write(DirectoryBlockWriter writer) {
        return write(root, writer);
    }

    private ImportedNode write(Shard shard, DirectoryBlockWriter writer) {
        List<PbLink> links = new ArrayList<>();
        boolean[] occupied = new boolean[geometry.fanout()];
        long contentSize = 0;
        for (int slot = 0; slot < geometry.fanout(); slot++) {
            Object occupant = shard.slots[slot];
            if (occupant == null) {
                continue;
            }
            occupied[slot] = true;
            if (occupant instanceof Entry entry) {
                links.add(link(geometry.prefix(slot) + entry.name(), entry.node()));
                contentSize += entry.node().contentSize();
            } else {
                ImportedNode child = write((Shard) occupant, writer);
                links.add(link(geometry.prefix(slot), child));
                contentSize += child.contentSize();
            }
        }
        UnixFsProtos.Data.Builder data = UnixFsProtos.Data.newBuilder()
                .setType(UnixFsProtos.Data.DataType.HAMTShard);
        byte[] bitfield = geometry.bitfield(occupied);
        if (bitfield.length > 0) {
            data.setData(ByteString.copyFrom(bitfield));
        }
        data.setHashType(Murmur3.MURMUR3_X64_64).setFanout(geometry.fanout());
        return writer.write(new PbNode(links, data.build().toByteArray()), contentSize);
    }

    private static PbLink link(String name, ImportedNode target) {
        return new PbLink(target.cid(), name, target.dagSize());
    }
}

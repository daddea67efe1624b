package io.strata.ipld.unixfs;

import io.strata.ipld.BlockGetter;
import io.strata.ipld.IpldException;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static io.strata.ipld.IpldException.Code.PATH_NOT_FOUND;
import static io.strata.ipld.IpldException.Code.UNIXFS_MALFORMED;
import static io.strata.ipld.IpldException.Code.UNSUPPORTED;

/**
 * Resolves {@code /ipfs/<cid>/a/b/c} through UnixFS directories. Plain directories are searched by name
 * (their links are sorted); HAMT-sharded ones by hashing the name and following one slot per level, so
 * only the blocks on the name's path are read. Dag-pb nodes without UnixFS Data are followed by link
 * name, as Kubo does. Identity CIDs are answered from the CID itself.
 */
public final class PathResolver {

    private static final String IPFS_PREFIX = "/ipfs/";

    private final DirectoryNodeReader reader;

    public PathResolver(BlockGetter getter) {
        this.reader = new DirectoryNodeReader(getter);
    }

    /**
     * Resolves a path {@code /ipfs/<cid>[/name...]} or {@code <cid>[/name...]}. Empty segments (doubled
     * or trailing {@code /}) are ignored; segments are taken literally (URL decoding is the caller's).
     *
     * @throws IpldException {@code PATH_NOT_FOUND} naming the segment that failed
     */
    public Cid resolve(String path) {
        String rest = path.startsWith(IPFS_PREFIX) ? path.substring(IPFS_PREFIX.length()) : path;
        if (path.startsWith("/ipns/")) {
            throw new IpldException(UNSUPPORTED, "IPNS paths are resolved by the IPNS service, not here: " + path);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rest.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty()) {
            throw new IpldException(PATH_NOT_FOUND, "path '" + path + "' names no CID");
        }
        return resolve(Cid.parse(segments.get(0)), segments.subList(1, segments.size()));
    }

    /**
     * Follows {@code segments} from {@code root}.
     *
     * @throws IpldException {@code PATH_NOT_FOUND} naming the segment that failed
     */
    public Cid resolve(Cid root, List<String> segments) {
        Cid current = root;
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            Optional<DirectoryEntry> entry = lookup(current, segment);
            if (entry.isEmpty()) {
                throw new IpldException(PATH_NOT_FOUND, "no link named '" + segment + "' under " + current
                        + " (segment " + (i + 1) + " of /ipfs/" + root + "/" + String.join("/", segments) + ")");
            }
            current = entry.get().cid();
        }
        return current;
    }

    /**
     * Looks one name up in the node {@code directory} names. Empty when there is no such entry, including
     * when the node is a file or a raw block (which have no named entries).
     */
    public Optional<DirectoryEntry> lookup(Cid directory, String name) {
        if (directory.codec() == Multicodec.RAW.code()) {
            return Optional.empty();
        }
        DirectoryNodeReader.DecodedNode node = reader.readDagPb(directory, "resolve a path through");
        if (node.isHamtShard()) {
            return lookupInShard(node, name);
        }
        if (node.unixFs() == null || node.isPlainDirectory()) {
            return lookupByLinkName(node.links(), name, directory);
        }
        return Optional.empty();
    }

    private static Optional<DirectoryEntry> lookupByLinkName(List<PbLink> links, String name, Cid placeholder) {
        int index = Collections.binarySearch(links, new PbLink(placeholder, name, null), DagPb.LINK_ORDER);
        if (index < 0) {
            return Optional.empty();
        }
        PbLink link = links.get(index);
        return Optional.of(new DirectoryEntry(name, link.hash(), link.tsize() == null ? 0 : link.tsize()));
    }

    private Optional<DirectoryEntry> lookupInShard(DirectoryNodeReader.DecodedNode root, String name) {
        HamtHashBits bits = HamtHashBits.of(name.getBytes(StandardCharsets.UTF_8));
        DirectoryNodeReader.DecodedNode shard = root;
        while (true) {
            HamtGeometry geometry = shard.hamtGeometry();
            int slot = bits.next(geometry.bitsPerLevel());
            byte[] bitfield = shard.hamtBitfield();
            if (!HamtGeometry.isSet(bitfield, slot)) {
                return Optional.empty();
            }
            int position = HamtGeometry.onesBefore(bitfield, slot);
            String prefix = geometry.prefix(slot);
            if (position >= shard.links().size()) {
                throw malformedShard(shard, "its bitfield marks slot " + prefix + " but it has only "
                        + shard.links().size() + " links");
            }
            PbLink link = shard.links().get(position);
            String linkName = link.name() == null ? "" : link.name();
            if (!linkName.startsWith(prefix)) {
                throw malformedShard(shard, "link " + position + " is named '" + linkName
                        + "' but the bitfield puts slot " + prefix + " there");
            }
            if (linkName.length() == prefix.length()) {
                shard = reader.readDagPb(link.hash(), "resolve a path through");
                if (!shard.isHamtShard()) {
                    throw new IpldException(UNIXFS_MALFORMED, "HAMT sub-shard " + link.hash()
                            + " is not a HAMT shard");
                }
                continue;
            }
            if (!linkName.substring(prefix.length()).equals(name)) {
                return Optional.empty();
            }
            return Optional.of(new DirectoryEntry(name, link.hash(), link.tsize() == null ? 0 : link.tsize()));
        }
    }

    private static IpldException malformedShard(DirectoryNodeReader.DecodedNode shard, String problem) {
        return new IpldException(UNIXFS_MALFORMED, "HAMT shard " + shard.cid() + " is inconsistent: " + problem);
    }
}

package io.strata.ipld.unixfs;

import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.IpldException;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.proto.unixfs.UnixFsProtos;

import java.util.List;

import static io.strata.ipld.IpldException.Code.UNIXFS_MALFORMED;
import static io.strata.ipld.IpldException.Code.UNSUPPORTED;

/** Fetches and decodes the dag-pb nodes directory readers walk, answering identity CIDs from the CID. */
final class DirectoryNodeReader {

    private final BlockGetter getter;

    DirectoryNodeReader(BlockGetter getter) {
        this.getter = getter;
    }

    /** A decoded dag-pb node and its UnixFS Data, which is {@code null} when Data is absent or not UnixFS. */
    record DecodedNode(Cid cid, PbNode node, UnixFsProtos.Data unixFs) {

        boolean isHamtShard() {
            return unixFs != null && unixFs.getType() == UnixFsProtos.Data.DataType.HAMTShard;
        }

        boolean isPlainDirectory() {
            return unixFs != null && unixFs.getType() == UnixFsProtos.Data.DataType.Directory;
        }

        List<PbLink> links() {
            return node.links();
        }

        /** The shard's geometry, after checking it uses the only hash function UnixFS defines. */
        HamtGeometry hamtGeometry() {
            if (unixFs.getHashType() != Murmur3.MURMUR3_X64_64) {
                throw new IpldException(UNSUPPORTED, "HAMT shard " + cid + " uses hash function 0x"
                        + Long.toHexString(unixFs.getHashType()) + "; only murmur3-x64-64 (0x22) is supported");
            }
            return HamtGeometry.of(unixFs.getFanout());
        }

        byte[] hamtBitfield() {
            return unixFs.getData().toByteArray();
        }
    }

    byte[] blockBytes(Cid cid) {
        if (cid.multihash().function() == Multicodec.IDENTITY.code()) {
            return cid.multihash().digest();
        }
        return getter.get(cid);
    }

    /** Decodes a dag-pb block; other codecs are reported as unsupported for the given purpose. */
    DecodedNode readDagPb(Cid cid, String purpose) {
        if (cid.codec() != Multicodec.DAG_PB.code()) {
            throw new IpldException(UNSUPPORTED, "cannot " + purpose + " " + cid + ": it is "
                    + Multicodec.nameOf(cid.codec()) + ", not a dag-pb UnixFS node");
        }
        PbNode node = DagPb.decode(blockBytes(cid));
        return new DecodedNode(cid, node, parseUnixFs(node.data()));
    }

    /** Like {@link #readDagPb} but requires UnixFS Data, reporting malformed Data precisely. */
    DecodedNode readUnixFs(Cid cid, String purpose) {
        DecodedNode decoded = readDagPb(cid, purpose);
        if (decoded.unixFs() == null) {
            throw new IpldException(UNIXFS_MALFORMED, cid + " is dag-pb without valid UnixFS Data");
        }
        return decoded;
    }

    private static UnixFsProtos.Data parseUnixFs(byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return UnixFsProtos.Data.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }
}

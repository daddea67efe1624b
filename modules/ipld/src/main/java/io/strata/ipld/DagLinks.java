package io.strata.ipld;

import io.strata.ipld.codec.DagCbor;
import io.strata.ipld.codec.DagJson;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.strata.ipld.IpldException.Code.UNSUPPORTED;

/**
 * The links out of a block, in the order they appear in it (dag-pb link order; for DAG-CBOR and
 * DAG-JSON a depth-first walk of lists in order and maps in their encoded key order). A CID linked
 * twice is listed twice. This is the one place GC, pinning, CAR export and refs learn a block's
 * children.
 *
 * <p>DAG-CBOR and DAG-JSON blocks are read leniently (any key order, non-minimal integers), since a
 * block's bytes are already fixed by its hash and historical encoders were not all canonical.
 */
public final class DagLinks {

    private DagLinks() {
    }

    /**
     * @throws IpldException the codec's MALFORMED code when the block does not decode, or
     *                       {@code UNSUPPORTED} for a codec whose links this does not know
     */
    public static List<Cid> links(Cid cid, byte[] data) {
        long codec = cid.codec();
        if (codec == Multicodec.DAG_PB.code()) {
            List<PbLink> pbLinks = DagPb.decode(data).links();
            List<Cid> links = new ArrayList<>(pbLinks.size());
            for (PbLink link : pbLinks) {
                links.add(link.hash());
            }
            return links;
        }
        if (codec == Multicodec.DAG_CBOR.code()) {
            return collect(DagCbor.decodeLenient(data));
        }
        if (codec == Multicodec.DAG_JSON.code()) {
            return collect(DagJson.decodeLenient(data));
        }
        if (codec == Multicodec.RAW.code() || codec == Multicodec.IDENTITY.code()
                || codec == Multicodec.LIBP2P_KEY.code()) {
            return List.of();
        }
        throw new IpldException(UNSUPPORTED, "cannot read links of codec " + Multicodec.nameOf(codec)
                + " (block " + cid + ")");
    }

    /** True when {@link #links} understands blocks of this codec. */
    public static boolean supports(long codec) {
        return codec == Multicodec.DAG_PB.code() || codec == Multicodec.DAG_CBOR.code()
                || codec == Multicodec.DAG_JSON.code() || codec == Multicodec.RAW.code()
                || codec == Multicodec.IDENTITY.code() || codec == Multicodec.LIBP2P_KEY.code();
    }

    private static List<Cid> collect(Object root) {
        List<Cid> links = new ArrayList<>();
        List<Object> pending = new ArrayList<>();
        pending.add(root);
        while (!pending.isEmpty()) {
            Object value = pending.remove(pending.size() - 1);
            if (value instanceof Cid cid) {
                links.add(cid);
            } else if (value instanceof List<?> list) {
                for (int i = list.size() - 1; i >= 0; i--) {
                    pending.add(list.get(i));
                }
            } else if (value instanceof Map<?, ?> map) {
                List<Object> values = new ArrayList<>(map.values());
                for (int i = values.size() - 1; i >= 0; i--) {
                    pending.add(values.get(i));
                }
            }
        }
        return links;
    }
}

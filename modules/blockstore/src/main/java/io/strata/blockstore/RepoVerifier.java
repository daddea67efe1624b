package io.strata.blockstore;

import io.strata.multiformats.Cid;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Kubo's {@code repo verify}: reads every stored block, rehashes it and checks its recorded size. A block
 * whose hash function this node cannot compute is reported too, since its integrity cannot be shown, and so is
 * one the store cannot read back ({@code CORRUPT}, such as bytes missing from a truncated file).
 */
public final class RepoVerifier {

    private final BlockStore blocks;

    public RepoVerifier(BlockStore blocks) {
        this.blocks = blocks;
    }

    /** Checks every block, telling {@code onCorrupt} about each failing one as it is found. */
    public RepoVerification verify(Consumer<BadBlock> onCorrupt) {
        long checked = 0;
        long corrupt = 0;
        try (Stream<Cid> keys = blocks.keys()) {
            for (Cid cid : (Iterable<Cid>) keys::iterator) {
                Optional<byte[]> data;
                String reason;
                try {
                    data = blocks.get(cid);
                    if (data.isEmpty()) {
                        continue;
                    }
                    reason = problem(cid, data.get());
                } catch (BlockStoreException e) {
                    if (e.code() != BlockStoreException.Code.CORRUPT) {
                        throw e;
                    }
                    reason = e.getMessage();
                }
                checked++;
                if (reason != null) {
                    corrupt++;
                    onCorrupt.accept(new BadBlock(cid, reason));
                }
            }
        }
        return new RepoVerification(checked, corrupt);
    }

    private String problem(Cid cid, byte[] data) {
        String mismatch = Blocks.hashMismatch(cid, data);
        if (mismatch != null) {
            return mismatch;
        }
        OptionalInt recorded = blocks.size(cid);
        if (recorded.isPresent() && recorded.getAsInt() != data.length) {
            return "recorded size " + recorded.getAsInt() + " differs from the stored " + data.length + " bytes";
        }
        return null;
    }
}

package io.strata.ipld.unixfs;

import com.google.protobuf.ByteString;
import io.strata.ipld.BlockSink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.proto.unixfs.UnixFsProtos;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a UnixFS symlink, as {@code ipfs add -r} stores a symbolic link it meets (the link itself, not
 * its target): a dag-pb node without links whose Data is UnixFS {Type=Symlink, Data=target}. The target
 * is stored verbatim, whether or not it exists.
 */
public final class SymlinkBuilder {

    private SymlinkBuilder() {
    }

    /** Writes the symlink's block and returns it; a symlink holds no file content. */
    public static ImportedNode write(String target, ImportOptions options, BlockSink sink) {
        byte[] data = UnixFsProtos.Data.newBuilder()
                .setType(UnixFsProtos.Data.DataType.Symlink)
                .setData(ByteString.copyFrom(target, StandardCharsets.UTF_8))
                .build().toByteArray();
        return new DirectoryBlockWriter(options, sink).write(new PbNode(List.of(), data), 0);
    }
}

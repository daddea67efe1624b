package io.strata.ipld.car;

import io.strata.ipld.Block;
import io.strata.ipld.BlockSink;
import io.strata.ipld.IpldException;
import io.strata.ipld.codec.DagCbor;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Varint;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.strata.ipld.IpldException.Code.CAR_MALFORMED;

/**
 * Streams a CARv1: {@code varint(len) header} with the DAG-CBOR header {@code {roots:[...], version:1}},
 * then one {@code varint(len(cid)+len(data)) cid data} section per block, in the order given. Nothing is
 * buffered beyond what the caller's stream buffers; the writer neither deduplicates nor verifies blocks.
 *
 * <p>As a {@link BlockSink} (for producers such as the importer) {@link #put} reports I/O failures as
 * {@link UncheckedIOException}.
 */
public final class CarWriter implements BlockSink, Closeable {

    private final OutputStream out;
    private long bytesWritten;
    private long blocksWritten;

    private CarWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * Writes the header and returns a writer for the blocks.
     *
     * @param roots at least one CID, as the CARv1 spec requires (the empty identity CID {@code bafkqaaa}
     *              is the conventional placeholder)
     */
    public static CarWriter create(OutputStream out, List<Cid> roots) throws IOException {
        CarWriter writer = new CarWriter(out);
        byte[] header = header(roots);
        writer.writeVarint(header.length);
        writer.writeBytes(header);
        return writer;
    }

    /** The DAG-CBOR encoded CARv1 header, without its length prefix. */
    public static byte[] header(List<Cid> roots) {
        if (roots.isEmpty()) {
            throw new IpldException(CAR_MALFORMED, "a CARv1 header needs at least one root");
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("roots", List.copyOf(roots));
        header.put("version", 1L);
        return DagCbor.encode(header);
    }

    public void write(Cid cid, byte[] data) throws IOException {
        byte[] cidBytes = cid.bytes();
        writeVarint((long) cidBytes.length + data.length);
        writeBytes(cidBytes);
        writeBytes(data);
        blocksWritten++;
    }

    public void write(Block block) throws IOException {
        write(block.cid(), block.data());
    }

    @Override
    public void put(Block block) {
        try {
            write(block);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Bytes written so far, header included. */
    public long bytesWritten() {
        return bytesWritten;
    }

    public long blocksWritten() {
        return blocksWritten;
    }

    private void writeVarint(long value) throws IOException {
        writeBytes(Varint.encode(value));
    }

    private void writeBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        bytesWritten += bytes.length;
    }
}

package io.strata.api.store;

import io.strata.api.rpc.RpcCall;

import java.io.OutputStream;

/**
 * An {@link OutputStream} onto a streaming RPC response, for worker threads: bytes are gathered into
 * chunks and each chunk is written and waited for, so a slow client slows the producer down. A full chunk
 * is handed to the response as it is, and the next one gathers into a new array.
 */
public final class CallOutputStream extends OutputStream {

    private static final int CHUNK = 256 * 1024;

    private final RpcCall call;
    private byte[] buffer = new byte[CHUNK];
    private int filled;

    public CallOutputStream(RpcCall call) {
        this.call = call;
    }

    @Override
    public void write(int b) {
        if (filled == buffer.length) {
            flush();
        }
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        int position = offset;
        int left = length;
        while (left > 0) {
            if (filled == buffer.length) {
                flush();
            }
            int count = Math.min(left, buffer.length - filled);
            System.arraycopy(source, position, buffer, filled, count);
            filled += count;
            position += count;
            left -= count;
        }
    }

    @Override
    public void flush() {
        if (filled > 0) {
            byte[] full = buffer;
            buffer = new byte[CHUNK];
            call.writeAndWait(Buffers.handOver(full, filled));
            filled = 0;
        }
    }
}

package io.strata.deals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/** Random access to a stored payload, so a proof reads only the parts of the piece it needs. */
@FunctionalInterface
public interface PayloadReader {

    /**
     * Reads up to {@code length} bytes at {@code position} into {@code buffer}; fewer only at the end of the
     * payload.
     *
     * @return the number of bytes read, 0 at or past the end
     */
    int read(long position, byte[] buffer, int offset, int length) throws IOException;

    static PayloadReader of(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        return (position, buffer, offset, length) -> {
            if (position >= payload.length) {
                return 0;
            }
            int count = (int) Math.min(length, payload.length - position);
            System.arraycopy(payload, (int) position, buffer, offset, count);
            return count;
        };
    }

    /** Positional reads of a file channel; safe from several threads at once. */
    static PayloadReader of(FileChannel channel) {
        Objects.requireNonNull(channel, "channel");
        return (position, buffer, offset, length) -> {
            ByteBuffer target = ByteBuffer.wrap(buffer, offset, length);
            long at = position;
            while (target.hasRemaining()) {
                int read = channel.read(target, at);
                if (read < 0) {
                    break;
                }
                at += read;
            }
            return (int) (at - position);
        };
    }
}

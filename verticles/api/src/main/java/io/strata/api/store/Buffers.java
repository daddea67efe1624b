package io.strata.api.store;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/** Hands byte arrays to Vert.x without the copy {@link Buffer#buffer(byte[])} makes. */
public final class Buffers {

    private Buffers() {
    }

    /**
     * A buffer over the first {@code length} bytes of {@code bytes}, sharing them: the caller gives the array
     * away and must not change it afterwards (a response may still be sending it).
     */
    public static Buffer handOver(byte[] bytes, int length) {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, 0, length));
    }
}

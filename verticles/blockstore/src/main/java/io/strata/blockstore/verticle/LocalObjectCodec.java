package io.strata.blockstore.verticle;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Hands request and reply objects (blocks, CID lists, records) to a consumer in the same JVM by reference.
 * Blocks are immutable by convention, so sharing is safe, and a 1 MiB block costs no copy on the way in
 * or out. The block store's consumers are local ({@link BlockStoreContract}), so these objects never need
 * a wire form; trying to encode one is a programming error and fails.
 */
public final class LocalObjectCodec implements MessageCodec<Object, Object> {

    public static final String NAME = "strata.local-object";

    /** Registers the codec on this Vert.x instance unless it already is (codecs are per instance). */
    public static void registerOn(Vertx vertx) {
        synchronized (LocalObjectCodec.class) {
            try {
                vertx.eventBus().registerCodec(new LocalObjectCodec());
            } catch (IllegalStateException alreadyRegistered) {
                // another verticle or client on this instance registered it first
            }
        }
    }

    @Override
    public void encodeToWire(Buffer buffer, Object object) {
        throw new UnsupportedOperationException(
                "block store messages are local to a node and have no wire form: " + object.getClass().getName());
    }

    @Override
    public Object decodeFromWire(int position, Buffer buffer) {
        throw new UnsupportedOperationException("block store messages are local to a node and have no wire form");
    }

    @Override
    public Object transform(Object object) {
        return object;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}

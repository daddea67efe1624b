package io.strata.deals.verticle;

import io.strata.deals.FilecoinAddress;
import io.strata.multiformats.Cid;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.io.OutputStream;

/**
 * A stream whose bytes go to a provider as the {@code transfer} chunks of one deal: each full chunk is sent
 * and its acknowledgement awaited before more is accepted, so the sender never runs ahead of the provider's
 * disk. {@link #finish()} sends the last chunk and answers the provider's verdict. Use from a worker thread.
 */
final class PieceUpload extends OutputStream {

    private final Vertx vertx;
    private final String address;
    private final Cid proposalCid;
    private final long timeoutMillis;
    private final byte[] chunk = new byte[DealsContract.TRANSFER_CHUNK_BYTES];
    private int filled;
    private long sent;

    PieceUpload(Vertx vertx, FilecoinAddress provider, Cid proposalCid, long timeoutMillis) {
        this.vertx = vertx;
        this.address = DealsContract.provider(provider, "transfer");
        this.proposalCid = proposalCid;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            if (filled == chunk.length) {
                send(false);
            }
            int count = Math.min(length, chunk.length - filled);
            System.arraycopy(bytes, offset, chunk, filled, count);
            filled += count;
            offset += count;
            length -= count;
        }
    }

    /** Sends what is left as the last chunk; the provider's reply: {@code {state, pieceCid, reason}}. */
    JsonObject finish() {
        return send(true);
    }

    private JsonObject send(boolean last) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMillis)
                .addHeader(DealsContract.PROPOSAL_HEADER, proposalCid.toString())
                .addHeader(DealsContract.OFFSET_HEADER, Long.toString(sent));
        if (last) {
            options.addHeader(DealsContract.LAST_HEADER, "true");
        }
        Buffer body = Buffer.buffer(filled).appendBytes(chunk, 0, filled);
        JsonObject reply = DagPayload.await(vertx.eventBus().<JsonObject>request(address, body, options),
                timeoutMillis + 1_000).body();
        sent += filled;
        filled = 0;
        return reply;
    }
}

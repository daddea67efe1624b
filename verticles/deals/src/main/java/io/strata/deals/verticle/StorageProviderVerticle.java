package io.strata.deals.verticle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.deals.ClientDealProposal;
import io.strata.deals.Deal;
import io.strata.deals.DealEvent;
import io.strata.deals.DealProposalValidator;
import io.strata.deals.DealState;
import io.strata.deals.DealsException;
import io.strata.deals.PayloadReader;
import io.strata.deals.PieceCommitment;
import io.strata.deals.PieceInfo;
import io.strata.deals.PieceProver;
import io.strata.deals.PieceTreeLayer;
import io.strata.deals.ProofChallenge;
import io.strata.deals.StorageAsk;
import io.strata.multiformats.Cid;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The storage provider role: publishes its ask in the {@link DealDirectory}, accepts or rejects proposals
 * (the market's checks, then its ask's), takes each deal's payload in chunks straight into the piece's own
 * file while computing its CommP, accepts the data only if that CommP is the proposal's PieceCID, keeps a
 * tree layer to answer challenges without rereading the whole piece, answers challenges, and serves
 * retrievals by range. No piece is ever held whole in memory. Hashing, file and directory I/O run on worker
 * threads; deal state lives on the event loop.
 */
public final class StorageProviderVerticle extends VerticleBase {

    private static final int MAX_RETRIEVAL_CHUNK = 4 * DealsContract.TRANSFER_CHUNK_BYTES;
    /** How often the provider looks at the epoch to drop deals that missed their start or reached their end. */
    private static final long TICK_MILLIS = 1_000;

    private final StorageProviderConfig config;
    private final DealDirectory directory;
    private final DealProposalValidator validator;
    private final DealMetrics metrics;
    private final Map<Cid, Deal> deals = new HashMap<>();
    private final Map<Cid, IncomingPiece> incoming = new HashMap<>();
    private final Map<Cid, StoredPiece> pieces = new HashMap<>();
    private long timer;

    private record StoredPiece(Path file, PieceInfo piece, PieceTreeLayer layer) {
    }

    /**
     * A payload arriving: its file, open for appending, the CommP of the bytes so far and the time spent
     * computing it.
     */
    private static final class IncomingPiece {
        final Path file;
        final long capacity;
        final PieceCommitment commitment = PieceCommitment.create();
        FileChannel channel;
        long received;
        long commitmentNanos;

        IncomingPiece(Path file, long capacity) {
            this.file = file;
            this.capacity = capacity;
        }

        void append(byte[] chunk) throws IOException {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
            }
            ByteBuffer bytes = ByteBuffer.wrap(chunk);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            long started = System.nanoTime();
            commitment.update(chunk);
            commitmentNanos += System.nanoTime() - started;
        }

        PieceInfo finish() throws IOException {
            if (channel == null) {
                Files.write(file, new byte[0]);
            } else {
                channel.force(false);
                channel.close();
            }
            long started = System.nanoTime();
            PieceInfo committed = commitment.finish();
            commitmentNanos += System.nanoTime() - started;
            return committed;
        }

        void discard() {
            try {
                if (channel != null) {
                    channel.close();
                }
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // The deal has failed already; a stray file is reported by nothing and harms nothing.
            }
        }
    }

    public StorageProviderVerticle(StorageProviderConfig config, DealDirectory directory) {
        this(config, directory, new SimpleMeterRegistry());
    }

    /** As above, exporting {@link DealMetrics} (role {@code provider}) to {@code registry}. */
    public StorageProviderVerticle(StorageProviderConfig config, DealDirectory directory, MeterRegistry registry) {
        this.config = config;
        this.directory = directory;
        this.validator = new DealProposalValidator(config.policy(), config.authenticator(), config.clock());
        this.metrics = new DealMetrics(registry, DealMetrics.Role.PROVIDER);
    }

    @Override
    public Future<?> start() {
        StorageAsk ask = config.ask();
        return vertx.executeBlocking(() -> {
                    Files.createDirectories(config.directory());
                    directory.putAsk(ask);
                    return null;
                })
                .compose(ready -> {
                    timer = vertx.setPeriodic(TICK_MILLIS, id -> tick());
                    return Future.succeededFuture();
                })
                .compose(ready -> Future.all(
                        vertx.eventBus().consumer(DealsContract.provider(ask.provider(), "ask"), this::ask).completion(),
                        vertx.eventBus().consumer(DealsContract.provider(ask.provider(), "propose"), this::propose)
                                .completion(),
                        vertx.eventBus().consumer(DealsContract.provider(ask.provider(), "transfer"), this::transfer)
                                .completion(),
                        vertx.eventBus().consumer(DealsContract.provider(ask.provider(), "challenge"), this::challenge)
                                .completion(),
                        vertx.eventBus().consumer(DealsContract.provider(ask.provider(), "retrieve"), this::retrieve)
                                .completion()));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        List<IncomingPiece> unfinished = List.copyOf(incoming.values());
        incoming.clear();
        return vertx.executeBlocking(() -> {
            unfinished.forEach(IncomingPiece::discard);
            directory.removeAsk(config.ask().provider());
            return null;
        }).recover(failure -> Future.succeededFuture());
    }

    /**
     * Moves every open deal to the current epoch: a deal whose data has not arrived and been sealed by its
     * start epoch fails (a transfer left half-way is dropped with its file), an active deal past its end
     * epoch expires and its piece file is deleted.
     */
    private void tick() {
        long epoch = config.clock().currentEpoch();
        for (Map.Entry<Cid, Deal> entry : List.copyOf(deals.entrySet())) {
            Deal deal = entry.getValue();
            if (deal.state().isTerminal() || epoch < deal.lastUpdatedEpoch()) {
                continue;
            }
            Deal next = deal.apply(new DealEvent.EpochReached(), epoch);
            track(next);
            if (next.state().isTerminal()) {
                IncomingPiece unfinished = incoming.remove(entry.getKey());
                StoredPiece stored = pieces.remove(entry.getKey());
                vertx.executeBlocking(() -> {
                    if (unfinished != null) {
                        unfinished.discard();
                    }
                    if (stored != null) {
                        Files.deleteIfExists(stored.file());
                    }
                    return null;
                });
            }
        }
    }

    private void track(Deal deal) {
        Deal previous = deals.put(deal.proposalCid(), deal);
        metrics.moved(previous == null ? null : previous.state(), deal.state());
    }

    private void ask(Message<Object> message) {
        message.reply(Asks.toJson(config.ask()));
    }

    private void propose(Message<Buffer> message) {
        long epoch = config.clock().currentEpoch();
        try {
            ClientDealProposal signed = ClientDealProposal.fromCbor(message.body().getBytes());
            validator.validate(signed);
            config.ask().check(signed.proposal(), epoch);
            Deal deal = Deal.proposed(signed, epoch).apply(new DealEvent.Accepted(), epoch);
            track(deal);
            message.reply(new JsonObject().put("proposalCid", deal.proposalCid().toString())
                    .put("state", deal.state().name()));
        } catch (DealsException e) {
            message.fail(DealsContract.BAD_REQUEST, e.code() + ": " + e.getMessage());
        }
    }

    private void transfer(Message<Buffer> message) {
        Deal deal = dealFor(message);
        if (deal == null) {
            return;
        }
        Cid proposalCid = deal.proposalCid();
        long offset;
        try {
            offset = Long.parseLong(message.headers().get(DealsContract.OFFSET_HEADER));
        } catch (NumberFormatException e) {
            message.fail(DealsContract.BAD_REQUEST, "header " + DealsContract.OFFSET_HEADER + " is not a number");
            return;
        }
        boolean last = "true".equals(message.headers().get(DealsContract.LAST_HEADER));
        IncomingPiece piece = incoming.get(proposalCid);
        if (piece == null) {
            if (deal.state() != DealState.PROPOSAL_ACCEPTED || offset != 0) {
                message.fail(DealsContract.BAD_REQUEST, "deal " + proposalCid + " is " + deal.state()
                        + "; data is taken once, from offset 0, after acceptance");
                return;
            }
            long pieceSize = deal.proposal().proposal().pieceSize();
            piece = new IncomingPiece(config.directory().resolve(proposalCid + ".car"), pieceSize / 128 * 127);
            incoming.put(proposalCid, piece);
            track(deal.apply(new DealEvent.TransferStarted(), config.clock().currentEpoch()));
        }
        if (offset != piece.received) {
            message.fail(DealsContract.BAD_REQUEST, "deal " + proposalCid + " expects the chunk at offset "
                    + piece.received + ", got " + offset);
            return;
        }
        byte[] chunk = message.body() == null ? new byte[0] : message.body().getBytes();
        if (chunk.length > DealsContract.TRANSFER_CHUNK_BYTES || piece.received + chunk.length > piece.capacity) {
            fail(proposalCid, message, "the data exceeds what a piece of "
                    + deal.proposal().proposal().pieceSize() + " padded bytes holds (" + piece.capacity
                    + " bytes) or a chunk exceeds " + DealsContract.TRANSFER_CHUNK_BYTES + " bytes");
            return;
        }
        piece.received += chunk.length;
        metrics.transferred(chunk.length);
        IncomingPiece arriving = piece;
        if (!last) {
            vertx.executeBlocking(() -> {
                arriving.append(chunk);
                return null;
            }).onComplete(written -> {
                if (written.succeeded()) {
                    message.reply(new JsonObject().put("received", arriving.received));
                } else {
                    fail(proposalCid, message, "storing the piece failed: " + written.cause().getMessage());
                }
            });
            return;
        }
        incoming.remove(proposalCid);
        vertx.executeBlocking(() -> {
            arriving.append(chunk);
            PieceInfo committed = arriving.finish();
            metrics.committed(arriving.commitmentNanos);
            if (!committed.toV1().equals(deal.proposal().proposal().pieceCid())) {
                Files.deleteIfExists(arriving.file);
                return new StoredPiece(arriving.file, committed, null);
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(arriving.file), 1 << 20)) {
                return new StoredPiece(arriving.file, committed,
                        PieceTreeLayer.build(committed, Math.min(config.layerLevel(), committed.height()), in));
            }
        }).onComplete(result -> {
            long epoch = config.clock().currentEpoch();
            Deal current = deals.get(proposalCid);
            if (result.failed()) {
                arriving.discard();
                fail(proposalCid, message, "storing the piece failed: " + result.cause().getMessage());
                return;
            }
            StoredPiece stored = result.result();
            if (current.state() != DealState.TRANSFERRING) {
                vertx.executeBlocking(() -> Files.deleteIfExists(stored.file()));
                message.fail(DealsContract.BAD_REQUEST, "deal " + proposalCid + " is " + current.state() + ": "
                        + current.reason());
                return;
            }
            Deal next = current.apply(new DealEvent.TransferCompleted(stored.piece().toV1()), epoch);
            if (next.state() != DealState.SEALING) {
                track(next);
                message.fail(DealsContract.BAD_REQUEST, "data rejected: " + next.reason());
                return;
            }
            pieces.put(proposalCid, stored);
            next = next.apply(new DealEvent.Sealed(), epoch);
            track(next);
            message.reply(new JsonObject().put("state", next.state().name()).put("reason", next.reason())
                    .put("pieceCid", stored.piece().toV1().toString()));
        });
    }

    private void fail(Cid proposalCid, Message<?> message, String reason) {
        IncomingPiece piece = incoming.remove(proposalCid);
        if (piece != null) {
            vertx.executeBlocking(() -> {
                piece.discard();
                return null;
            });
        }
        Deal deal = deals.get(proposalCid);
        if (deal != null && !deal.state().isTerminal() && deal.state() != DealState.ACTIVE) {
            track(deal.apply(new DealEvent.Failed(reason),
                    Math.max(deal.lastUpdatedEpoch(), config.clock().currentEpoch())));
        }
        message.fail(DealsContract.BAD_REQUEST, reason);
    }

    private void challenge(Message<JsonObject> message) {
        Deal deal = dealFor(message);
        if (deal == null) {
            return;
        }
        StoredPiece stored = pieces.get(deal.proposalCid());
        if (deal.state() != DealState.ACTIVE || stored == null) {
            message.fail(DealsContract.BAD_REQUEST, "deal " + deal.proposalCid() + " is " + deal.state());
            return;
        }
        JsonObject body = message.body();
        ProofChallenge challenge;
        try {
            challenge = ProofChallenge.derive(stored.piece(), Base64.getDecoder().decode(body.getString("seed")),
                    body.getInteger("leaves"));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            message.fail(DealsContract.BAD_REQUEST, "not a challenge: " + e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> {
            try (FileChannel channel = FileChannel.open(stored.file(), StandardOpenOption.READ)) {
                return PieceProver.prove(challenge, stored.layer(), PayloadReader.of(channel)).toCbor();
            }
        }, false).onComplete(result -> {
            if (result.succeeded()) {
                message.reply(Buffer.buffer(result.result()));
            } else {
                message.fail(DealsContract.FAILED, "proving failed: " + result.cause().getMessage());
            }
        });
    }

    private void retrieve(Message<JsonObject> message) {
        Deal deal = dealFor(message);
        if (deal == null) {
            return;
        }
        StoredPiece stored = pieces.get(deal.proposalCid());
        if (stored == null) {
            message.fail(DealsContract.NOT_FOUND, "no data stored for deal " + deal.proposalCid());
            return;
        }
        long offset;
        int length;
        try {
            offset = message.body().getLong("offset");
            length = message.body().getInteger("length");
        } catch (ClassCastException | NullPointerException e) {
            message.fail(DealsContract.BAD_REQUEST, "a retrieval names {offset, length}");
            return;
        }
        if (offset < 0 || length < 1 || length > MAX_RETRIEVAL_CHUNK) {
            message.fail(DealsContract.BAD_REQUEST, "a retrieval reads 1 to " + MAX_RETRIEVAL_CHUNK
                    + " bytes from a non-negative offset; got " + length + " at " + offset);
            return;
        }
        vertx.executeBlocking(() -> {
            long available = Math.max(0, Math.min(length, stored.piece().payloadSize() - offset));
            byte[] bytes = new byte[(int) available];
            try (FileChannel channel = FileChannel.open(stored.file(), StandardOpenOption.READ)) {
                int read = PayloadReader.of(channel).read(offset, bytes, 0, bytes.length);
                return read == bytes.length ? Buffer.buffer(bytes) : Buffer.buffer(bytes).slice(0, read);
            }
        }, false).onComplete(result -> {
            if (result.succeeded()) {
                message.reply(result.result());
            } else {
                message.fail(DealsContract.NOT_FOUND, "reading the piece failed: " + result.cause().getMessage());
            }
        });
    }

    private Deal dealFor(Message<?> message) {
        String header = message.headers().get(DealsContract.PROPOSAL_HEADER);
        Deal deal;
        try {
            deal = header == null ? null : deals.get(Cid.parse(header));
        } catch (IllegalArgumentException e) {
            message.fail(DealsContract.BAD_REQUEST, "header " + DealsContract.PROPOSAL_HEADER + " is not a CID: "
                    + header);
            return null;
        }
        if (deal == null) {
            message.fail(DealsContract.NOT_FOUND, "no deal " + header + " with " + config.ask().provider());
        }
        return deal;
    }
}

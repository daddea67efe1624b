package io.strata.deals.verticle;

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
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The storage provider role: publishes its ask, accepts or rejects proposals (the market's checks, then its
 * ask's), stores each deal's payload in its own file, commits it (CommP must match the proposal's piece CID)
 * and keeps a tree layer, answers challenges from that layer and the stored file, and serves retrievals.
 * Hashing and file I/O run on worker threads; deal state lives on the event loop.
 */
public final class StorageProviderVerticle extends VerticleBase {

    private final StorageProviderConfig config;
    private final DealProposalValidator validator;
    private final Map<Cid, Deal> deals = new HashMap<>();
    private final Map<Cid, StoredPiece> pieces = new HashMap<>();

    private record StoredPiece(Path file, PieceInfo piece, PieceTreeLayer layer) {
    }

    public StorageProviderVerticle(StorageProviderConfig config) {
        this.config = config;
        this.validator = new DealProposalValidator(config.policy(), config.authenticator(), config.clock());
    }

    @Override
    public Future<?> start() {
        StorageAsk ask = config.ask();
        return vertx.executeBlocking(() -> Files.createDirectories(config.directory()))
                .compose(created -> Future.all(
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
            deals.put(deal.proposalCid(), deal);
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
        if (deal.state() != DealState.PROPOSAL_ACCEPTED) {
            message.fail(DealsContract.BAD_REQUEST, "deal " + deal.proposalCid() + " is " + deal.state()
                    + "; data is taken once, after acceptance");
            return;
        }
        Cid proposalCid = deal.proposalCid();
        deals.put(proposalCid, deal.apply(new DealEvent.TransferStarted(), config.clock().currentEpoch()));
        byte[] payload = message.body().getBytes();
        Path file = config.directory().resolve(proposalCid + ".car");
        vertx.executeBlocking(() -> {
            Files.write(file, payload);
            PieceInfo piece = PieceCommitment.of(payload);
            PieceTreeLayer layer;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
                layer = PieceTreeLayer.build(piece, Math.min(config.layerLevel(), piece.height()), in);
            }
            return new StoredPiece(file, piece, layer);
        }).onComplete(result -> {
            long epoch = config.clock().currentEpoch();
            Deal current = deals.get(proposalCid);
            if (result.failed()) {
                deals.put(proposalCid, current.apply(new DealEvent.Failed("storing the piece failed: "
                        + result.cause().getMessage()), epoch));
                message.fail(DealsContract.BAD_REQUEST, "storing the piece failed: " + result.cause().getMessage());
                return;
            }
            StoredPiece stored = result.result();
            Deal next = current.apply(new DealEvent.TransferCompleted(stored.piece().toV1()), epoch);
            if (next.state() == DealState.SEALING) {
                pieces.put(proposalCid, stored);
                next = next.apply(new DealEvent.Sealed(), epoch);
            }
            deals.put(proposalCid, next);
            message.reply(new JsonObject().put("state", next.state().name()).put("reason", next.reason())
                    .put("pieceCid", stored.piece().toV1().toString()));
        });
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
        }).onComplete(result -> {
            if (result.succeeded()) {
                message.reply(Buffer.buffer(result.result()));
            } else {
                message.fail(DealsContract.BAD_REQUEST, "proving failed: " + result.cause().getMessage());
            }
        });
    }

    private void retrieve(Message<Object> message) {
        Deal deal = dealFor(message);
        if (deal == null) {
            return;
        }
        StoredPiece stored = pieces.get(deal.proposalCid());
        if (stored == null) {
            message.fail(DealsContract.NOT_FOUND, "no data stored for deal " + deal.proposalCid());
            return;
        }
        vertx.executeBlocking(() -> Files.readAllBytes(stored.file())).onComplete(result -> {
            if (result.succeeded()) {
                message.reply(Buffer.buffer(result.result()));
            } else {
                message.fail(DealsContract.NOT_FOUND, "reading the piece failed: " + result.cause().getMessage());
            }
        });
    }

    private Deal dealFor(Message<?> message) {
        String header = message.headers().get(DealsContract.PROPOSAL_HEADER);
        Deal deal = null;
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

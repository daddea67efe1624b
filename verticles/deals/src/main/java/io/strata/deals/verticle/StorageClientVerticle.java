package io.strata.deals.verticle;

import io.strata.deals.ClientDealProposal;
import io.strata.deals.CostEstimate;
import io.strata.deals.Deal;
import io.strata.deals.DealEvent;
import io.strata.deals.DealLabel;
import io.strata.deals.DealProposal;
import io.strata.deals.DealState;
import io.strata.deals.DealTransition;
import io.strata.deals.DealsException;
import io.strata.deals.FilecoinAddress;
import io.strata.deals.PieceCommitment;
import io.strata.deals.PieceInfo;
import io.strata.deals.ProofChallenge;
import io.strata.deals.ProviderProfile;
import io.strata.deals.ProviderSelection;
import io.strata.deals.StorageAsk;
import io.strata.deals.StorageProof;
import io.strata.multiformats.Cid;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The client role: stores a payload with N providers chosen by {@link ProviderSelection}, tracks each deal
 * through its states, challenges every active deal once per proving period (a Vert.x timer reads the epoch
 * clock), slashes a deal whose proof is wrong or missing and repairs it with a new deal with another
 * provider from its own copy of the payload, and retrieves a payload from any active provider, checking it
 * against the piece. Every state change is published on {@link DealsContract#EVENTS}.
 */
public final class StorageClientVerticle extends VerticleBase {

    private final StorageClientConfig config;
    private final ProviderSelection selection;
    private final SecureRandom random = new SecureRandom();
    private final Map<Cid, TrackedDeal> deals = new LinkedHashMap<>();
    private final Map<FilecoinAddress, Long> firstSeen = new HashMap<>();
    private final Map<FilecoinAddress, Long> successfulDeals = new HashMap<>();
    private long timer;

    /** A deal as the client sees it, with what it needs to challenge and repair it. */
    private static final class TrackedDeal {
        Deal deal;
        final FilecoinAddress provider;
        final PieceInfo piece;
        final Path payload;
        boolean challengeInFlight;
        boolean repaired;

        TrackedDeal(Deal deal, FilecoinAddress provider, PieceInfo piece, Path payload) {
            this.deal = deal;
            this.provider = provider;
            this.piece = piece;
            this.payload = payload;
        }
    }

    public StorageClientVerticle(StorageClientConfig config) {
        this.config = config;
        this.selection = new ProviderSelection(config.weights());
    }

    @Override
    public Future<?> start() {
        timer = vertx.setPeriodic(config.tickMillis(), id -> tick());
        return Future.all(
                vertx.eventBus().consumer(DealsContract.CLIENT_STORE, this::store).completion(),
                vertx.eventBus().consumer(DealsContract.CLIENT_STATUS, this::status).completion(),
                vertx.eventBus().consumer(DealsContract.CLIENT_RETRIEVE, this::retrieve).completion());
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    private void store(Message<JsonObject> message) {
        Path payload = Path.of(message.body().getString("path"));
        vertx.executeBlocking(() -> PieceCommitment.of(Files.readAllBytes(payload)))
                .compose(piece -> makeDeals(piece, payload, config.replicas(), Set.of()).map(made -> {
                    JsonArray list = new JsonArray();
                    made.forEach(d -> list.add(toJson(d)));
                    return new JsonObject().put("pieceCid", piece.toV2().toString()).put("deals", list);
                }))
                .onSuccess(message::reply)
                .onFailure(e -> message.fail(DealsContract.BAD_REQUEST, e.getMessage()));
    }

    private void status(Message<Object> message) {
        JsonArray list = new JsonArray();
        deals.values().forEach(d -> list.add(toJson(d)));
        message.reply(list);
    }

    private void retrieve(Message<String> message) {
        Cid pieceCid;
        try {
            pieceCid = Cid.parse(message.body());
        } catch (IllegalArgumentException e) {
            message.fail(DealsContract.BAD_REQUEST, "not a piece CID: " + message.body());
            return;
        }
        List<TrackedDeal> holders = deals.values().stream()
                .filter(d -> d.deal.state() == DealState.ACTIVE && d.piece.toV2().equals(pieceCid))
                .toList();
        retrieveFrom(holders, 0).onSuccess(message::reply)
                .onFailure(e -> message.fail(DealsContract.NOT_FOUND, e.getMessage()));
    }

    private Future<Buffer> retrieveFrom(List<TrackedDeal> holders, int index) {
        if (index >= holders.size()) {
            return Future.failedFuture("no active provider returned the piece's data");
        }
        TrackedDeal holder = holders.get(index);
        return vertx.eventBus().<Buffer>request(DealsContract.provider(holder.provider, "retrieve"), null,
                        options().addHeader(DealsContract.PROPOSAL_HEADER, holder.deal.proposalCid().toString()))
                .compose(reply -> vertx.executeBlocking(() -> {
                    Buffer payload = reply.body();
                    if (!PieceCommitment.of(payload.getBytes()).equals(holder.piece)) {
                        throw new IllegalStateException(holder.provider + " returned data of another piece");
                    }
                    return payload;
                }))
                .recover(e -> retrieveFrom(holders, index + 1));
    }

    /** Makes up to {@code count} deals for the piece, trying ranked providers in turn past rejections. */
    private Future<List<TrackedDeal>> makeDeals(PieceInfo piece, Path payload, int count, Set<FilecoinAddress> excluded) {
        return fetchAsks().compose(asks -> {
            long epoch = config.clock().currentEpoch();
            List<ProviderProfile> profiles = new ArrayList<>();
            for (StorageAsk ask : asks) {
                long seen = firstSeen.computeIfAbsent(ask.provider(), p -> epoch);
                profiles.add(new ProviderProfile(ask, BigInteger.ZERO, successfulDeals.getOrDefault(ask.provider(), 0L),
                        seen));
            }
            List<ProviderSelection.RankedProvider> ranked = selection.rank(profiles, piece.paddedSize(), false, epoch,
                    excluded);
            List<TrackedDeal> made = new ArrayList<>();
            return tryProviders(ranked, 0, piece, payload, count, made).map(done -> made);
        });
    }

    private Future<Void> tryProviders(List<ProviderSelection.RankedProvider> ranked, int index, PieceInfo piece,
                                      Path payload, int count, List<TrackedDeal> made) {
        if (made.size() >= count || index >= ranked.size()) {
            return Future.succeededFuture();
        }
        return makeDeal(ranked.get(index).profile().ask(), piece, payload)
                .onSuccess(deal -> {
                    if (deal.deal.state() == DealState.ACTIVE) {
                        made.add(deal);
                    }
                })
                .recover(e -> Future.succeededFuture())
                .compose(ignored -> tryProviders(ranked, index + 1, piece, payload, count, made));
    }

    private Future<TrackedDeal> makeDeal(StorageAsk ask, PieceInfo piece, Path payload) {
        long epoch = config.clock().currentEpoch();
        CostEstimate estimate;
        try {
            estimate = CostEstimate.of(ask, config.policy(), piece.payloadSize(), config.durationEpochs(), false);
        } catch (DealsException e) {
            return Future.failedFuture(e);
        }
        long start = epoch + config.startDelayEpochs();
        DealProposal proposal = new DealProposal.Builder().pieceCid(piece.toV1()).pieceSize(piece.paddedSize())
                .client(config.key().address()).provider(ask.provider())
                .label(DealLabel.text(piece.toV2().toString())).startEpoch(start)
                .endEpoch(start + config.durationEpochs()).storagePricePerEpoch(estimate.pricePerEpoch())
                .providerCollateral(estimate.providerCollateral()).clientCollateral(estimate.clientCollateral())
                .build();
        ClientDealProposal signed = ClientDealProposal.sign(proposal, config.key());
        TrackedDeal tracked = new TrackedDeal(Deal.proposed(signed, epoch), ask.provider(), piece, payload);
        deals.put(tracked.deal.proposalCid(), tracked);
        DeliveryOptions options = options();
        return vertx.eventBus().request(DealsContract.provider(ask.provider(), "propose"),
                        Buffer.buffer(signed.toCbor()), options)
                .recover(e -> {
                    update(tracked, new DealEvent.Rejected(e.getMessage()));
                    return Future.failedFuture(e);
                })
                .compose(accepted -> {
                    update(tracked, new DealEvent.Accepted());
                    update(tracked, new DealEvent.TransferStarted());
                    return vertx.executeBlocking(() -> Buffer.buffer(Files.readAllBytes(payload)));
                })
                .compose(data -> vertx.eventBus().<JsonObject>request(DealsContract.provider(ask.provider(), "transfer"),
                        data, new DeliveryOptions(options).addHeader(DealsContract.PROPOSAL_HEADER,
                                tracked.deal.proposalCid().toString())))
                .map(reply -> {
                    JsonObject body = reply.body();
                    if (DealState.ACTIVE.name().equals(body.getString("state"))) {
                        update(tracked, new DealEvent.TransferCompleted(Cid.parse(body.getString("pieceCid"))));
                        update(tracked, new DealEvent.Sealed());
                    } else {
                        update(tracked, new DealEvent.Failed("provider reports " + body.getString("state") + ": "
                                + body.getString("reason")));
                    }
                    return tracked;
                })
                .recover(e -> {
                    if (!tracked.deal.state().isTerminal()) {
                        update(tracked, new DealEvent.Failed(e.getMessage()));
                    }
                    return Future.failedFuture(e);
                });
    }

    private Future<List<StorageAsk>> fetchAsks() {
        List<Future<StorageAsk>> requests = new ArrayList<>();
        for (FilecoinAddress provider : config.providers()) {
            Promise<StorageAsk> promise = Promise.promise();
            vertx.eventBus().<JsonObject>request(DealsContract.provider(provider, "ask"), null,
                            new DeliveryOptions().setSendTimeout(config.requestTimeoutMillis()))
                    .onComplete(reply -> promise.complete(reply.succeeded() ? Asks.fromJson(reply.result().body()) : null));
            requests.add(promise.future());
        }
        return Future.join(requests).transform(done -> Future.succeededFuture(
                requests.stream().map(Future::result).filter(Objects::nonNull).toList()));
    }

    private void tick() {
        long epoch = config.clock().currentEpoch();
        for (TrackedDeal tracked : List.copyOf(deals.values())) {
            if (tracked.deal.state() != DealState.ACTIVE) {
                continue;
            }
            apply(tracked, deal -> config.schedule().advance(deal, epoch));
            if (tracked.deal.state() == DealState.ACTIVE && !tracked.challengeInFlight) {
                long period = config.schedule().openPeriod(tracked.deal, epoch);
                if (period > tracked.deal.lastProvenPeriod()) {
                    challenge(tracked, period);
                }
            }
        }
    }

    private void challenge(TrackedDeal tracked, long period) {
        byte[] randomness = new byte[32];
        random.nextBytes(randomness);
        byte[] seed = ProofChallenge.seedFor(tracked.deal.proposalCid(), period, randomness);
        ProofChallenge challenge = ProofChallenge.derive(tracked.piece, seed, config.challengeLeaves());
        tracked.challengeInFlight = true;
        JsonObject body = new JsonObject().put("period", period).put("seed", Base64.getEncoder().encodeToString(seed))
                .put("leaves", config.challengeLeaves());
        vertx.eventBus().<Buffer>request(DealsContract.provider(tracked.provider, "challenge"), body,
                        new DeliveryOptions(options()).addHeader(DealsContract.PROPOSAL_HEADER,
                                tracked.deal.proposalCid().toString()))
                .onComplete(reply -> {
                    tracked.challengeInFlight = false;
                    if (reply.failed() || tracked.deal.state() != DealState.ACTIVE) {
                        return;
                    }
                    long epoch = config.clock().currentEpoch();
                    StorageProof proof;
                    try {
                        proof = StorageProof.fromCbor(reply.result().body().getBytes());
                    } catch (DealsException e) {
                        apply(tracked, deal -> deal.apply(new DealEvent.ProofRejected(period, e.getMessage()), epoch));
                        return;
                    }
                    apply(tracked, deal -> config.schedule().settle(deal, period, challenge, proof, epoch));
                });
    }

    private void update(TrackedDeal tracked, DealEvent event) {
        long epoch = Math.max(config.clock().currentEpoch(), tracked.deal.lastUpdatedEpoch());
        apply(tracked, deal -> deal.apply(event, epoch));
    }

    private void apply(TrackedDeal tracked, UnaryOperator<Deal> step) {
        Deal before = tracked.deal;
        Deal after = step.apply(before);
        tracked.deal = after;
        for (DealTransition transition : after.history().subList(before.history().size(), after.history().size())) {
            if (transition.changesState()) {
                publish(tracked, transition);
            }
        }
        if (after.state() == DealState.EXPIRED && before.state() != DealState.EXPIRED) {
            successfulDeals.merge(tracked.provider, 1L, Long::sum);
        }
        if (after.state() == DealState.SLASHED && !tracked.repaired) {
            tracked.repaired = true;
            repair(tracked);
        }
    }

    /** A new deal for the slashed one's piece, with a provider that holds no copy and was not slashed for it. */
    private void repair(TrackedDeal slashed) {
        Set<FilecoinAddress> excluded = new HashSet<>();
        for (TrackedDeal other : deals.values()) {
            if (other.piece.equals(slashed.piece) && (other.deal.state() == DealState.SLASHED
                    || !other.deal.state().isTerminal())) {
                excluded.add(other.provider);
            }
        }
        makeDeals(slashed.piece, slashed.payload, 1, excluded);
    }

    private void publish(TrackedDeal tracked, DealTransition transition) {
        vertx.eventBus().publish(DealsContract.EVENTS, new JsonObject()
                .put("proposalCid", tracked.deal.proposalCid().toString())
                .put("provider", tracked.provider.toString())
                .put("pieceCid", tracked.piece.toV2().toString())
                .put("from", transition.from().name())
                .put("to", transition.to().name())
                .put("epoch", transition.epoch())
                .put("reason", transition.reason()));
    }

    private DeliveryOptions options() {
        return new DeliveryOptions().setSendTimeout(config.requestTimeoutMillis());
    }

    private static JsonObject toJson(TrackedDeal tracked) {
        Deal deal = tracked.deal;
        return new JsonObject()
                .put("proposalCid", deal.proposalCid().toString())
                .put("provider", tracked.provider.toString())
                .put("pieceCid", tracked.piece.toV2().toString())
                .put("state", deal.state().name())
                .put("reason", deal.reason())
                .put("activationEpoch", deal.activationEpoch())
                .put("slashEpoch", deal.slashEpoch())
                .put("lastProvenPeriod", deal.lastProvenPeriod());
    }
}

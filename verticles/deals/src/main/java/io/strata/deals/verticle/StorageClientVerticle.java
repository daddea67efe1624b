package io.strata.deals.verticle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.blockstore.verticle.RemoteBlocks;
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
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The client role, on every node: makes deals for a DAG in the block store with N providers chosen by
 * {@link ProviderSelection} from the asks in the {@link DealDirectory}, streams the DAG's CAR to each in
 * acknowledged chunks, tracks each deal through its states (writing its record to the directory and
 * publishing each state change on {@link DealsContract#EVENTS}), challenges every active deal once per
 * proving period (a timer reads the epoch clock), slashes a deal whose proof is wrong or missing and repairs
 * it with a new deal with another provider, and retrieves any deal of the cluster by payload or piece CID
 * into a local file, checked against the piece commitment before it is handed out.
 */
public final class StorageClientVerticle extends VerticleBase {

    private final StorageClientConfig config;
    private final DealDirectory directory;
    private final RemoteBlocks remoteBlocks;
    private final ProviderSelection selection;
    private final DealMetrics metrics;
    private final SecureRandom random = new SecureRandom();
    private final Map<Cid, TrackedDeal> deals = new LinkedHashMap<>();
    private final Map<FilecoinAddress, Long> firstSeen = new HashMap<>();
    private final Map<FilecoinAddress, Long> successfulDeals = new HashMap<>();
    private DagPayload payloads;
    private long timer;

    /** A deal this node made, with what it needs to challenge and repair it. */
    private static final class TrackedDeal {
        Deal deal;
        final FilecoinAddress provider;
        final PieceInfo piece;
        final Cid payloadCid;
        boolean challengeInFlight;
        boolean repaired;

        TrackedDeal(Deal deal, FilecoinAddress provider, PieceInfo piece, Cid payloadCid) {
            this.deal = deal;
            this.provider = provider;
            this.piece = piece;
            this.payloadCid = payloadCid;
        }
    }

    /** A request's input that cannot be used: answered with {@link DealsContract#BAD_REQUEST}. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    /**
     * @param remoteBlocks where blocks of a DAG missing from this node's store come from (Bitswap in a
     *                     cluster), or null to use only the local store
     */
    public StorageClientVerticle(StorageClientConfig config, DealDirectory directory, RemoteBlocks remoteBlocks) {
        this(config, directory, remoteBlocks, new SimpleMeterRegistry());
    }

    /** As above, exporting {@link DealMetrics} (role {@code client}) to {@code registry}. */
    public StorageClientVerticle(StorageClientConfig config, DealDirectory directory, RemoteBlocks remoteBlocks,
                                 MeterRegistry registry) {
        this.config = config;
        this.directory = directory;
        this.remoteBlocks = remoteBlocks;
        this.selection = new ProviderSelection(config.weights());
        this.metrics = new DealMetrics(registry, DealMetrics.Role.CLIENT);
    }

    @Override
    public Future<?> start() {
        payloads = new DagPayload(vertx, remoteBlocks);
        timer = vertx.setPeriodic(config.tickMillis(), id -> tick());
        return vertx.executeBlocking(() -> Files.createDirectories(config.retrievalDirectory()))
                .compose(ready -> Future.all(List.of(
                        handle(DealsContract.CLIENT_PROPOSE, this::propose),
                        handle(DealsContract.CLIENT_PROPOSE_SIGNED, this::proposeSigned),
                        handle(DealsContract.CLIENT_LIST, body -> list()),
                        handle(DealsContract.CLIENT_STATUS, this::status),
                        handle(DealsContract.CLIENT_RETRIEVE, this::retrieve),
                        handle(DealsContract.CLIENT_ASKS, body -> asks()),
                        handle(DealsContract.CLIENT_PROVIDERS, this::providers),
                        handle(DealsContract.CLIENT_ESTIMATE, this::estimate))));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    /** A node-local consumer whose handler answers a Future; failures become {@code fail(code, message)}. */
    private Future<Void> handle(String address, Function<JsonObject, Future<?>> handler) {
        return vertx.eventBus().<JsonObject>localConsumer(address, message -> {
            Future<?> answer;
            try {
                answer = handler.apply(message.body() == null ? new JsonObject() : message.body());
            } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
            }
            answer.onSuccess(message::reply).onFailure(e -> fail(message, e));
        }).completion();
    }

    private static void fail(Message<?> message, Throwable failure) {
        if (failure instanceof DealsException deals) {
            message.fail(DealsContract.BAD_REQUEST, deals.code() + ": " + deals.getMessage());
        } else if (failure instanceof BadRequest) {
            message.fail(DealsContract.BAD_REQUEST, failure.getMessage());
        } else if (failure instanceof ReplyException reply && reply.failureCode() > 0) {
            message.fail(reply.failureCode(), reply.getMessage());
        } else {
            message.fail(DealsContract.FAILED, String.valueOf(failure.getMessage()));
        }
    }

    private static Cid cid(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (!(value instanceof String text)) {
            throw new BadRequest("argument '" + field + "' is required");
        }
        try {
            return Cid.parse(text);
        } catch (RuntimeException e) {
            throw new BadRequest("argument '" + field + "' is not a CID: " + text);
        }
    }

    private static long positive(JsonObject body, String field, long fallback) {
        Object value = body.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number number) || number.longValue() < 1) {
            throw new BadRequest("argument '" + field + "' must be a positive integer, got " + value);
        }
        return number.longValue();
    }

    private Future<JsonObject> propose(JsonObject body) {
        Cid payloadCid = cid(body, "payloadCid");
        int replicas = (int) positive(body, "replicas", config.replicas());
        long duration = positive(body, "durationEpochs", config.durationEpochs());
        return vertx.executeBlocking(() -> commit(payloadCid), false)
                .recover(e -> Future.failedFuture(new BadRequest("cannot read the DAG " + payloadCid + ": "
                        + e.getMessage())))
                .compose(piece -> {
                    List<String> refusals = new ArrayList<>();
                    return makeDeals(payloadCid, piece, replicas, duration, Set.of(), refusals).compose(made -> {
                        if (made.isEmpty()) {
                            return Future.failedFuture(new IllegalStateException("no provider took the deal: "
                                    + (refusals.isEmpty() ? "no provider's ask is known" : String.join("; ", refusals))));
                        }
                        JsonArray list = new JsonArray();
                        made.forEach(d -> list.add(record(d).toJson()));
                        return Future.succeededFuture(new JsonObject().put("payloadCid", payloadCid.toString())
                                .put("pieceCid", piece.toV1().toString()).put("pieceCidV2", piece.toV2().toString())
                                .put("payloadSize", piece.payloadSize()).put("pieceSize", piece.paddedSize())
                                .put("deals", list).put("refusals", new JsonArray(refusals)));
                    });
                });
    }

    private Future<JsonObject> proposeSigned(JsonObject body) {
        Cid payloadCid = cid(body, "payloadCid");
        ClientDealProposal signed;
        try {
            signed = ClientDealProposal.fromCbor(Base64.getDecoder().decode(body.getString("proposal", "")));
        } catch (IllegalArgumentException e) {
            throw e instanceof DealsException deals ? deals
                    : new BadRequest("the proposal is not base64: " + e.getMessage());
        }
        return vertx.executeBlocking(() -> commit(payloadCid), false)
                .recover(e -> Future.failedFuture(new BadRequest("cannot read the DAG " + payloadCid + ": "
                        + e.getMessage())))
                .compose(piece -> offer(signed, piece, payloadCid))
                .map(tracked -> record(tracked).toJson());
    }

    /** Blocking: the piece of the DAG's CAR, read from the block store (or fetched) and hashed. */
    private PieceInfo commit(Cid payloadCid) throws IOException {
        long started = System.nanoTime();
        PieceInfo piece = payloads.commit(payloadCid);
        metrics.committed(System.nanoTime() - started);
        return piece;
    }

    private Future<JsonArray> list() {
        return vertx.executeBlocking(() -> {
            JsonArray list = new JsonArray();
            directory.deals().forEach(record -> list.add(record.toJson()));
            return list;
        }, false);
    }

    private Future<JsonObject> status(JsonObject body) {
        Cid proposalCid = cid(body, "proposalCid");
        return vertx.executeBlocking(() -> directory.deal(proposalCid), false).compose(found -> found
                .map(record -> Future.succeededFuture(record.toJson()))
                .orElseGet(() -> Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
                        DealsContract.NOT_FOUND, "no deal " + proposalCid + " in the cluster"))));
    }

    private Future<JsonArray> asks() {
        return vertx.executeBlocking(() -> {
            JsonArray list = new JsonArray();
            directory.asks().forEach(ask -> list.add(Asks.toJson(ask)));
            return list;
        }, false);
    }

    private Future<JsonArray> providers(JsonObject body) {
        long size = positive(body, "size", 1);
        return rank(CostEstimate.paddedPieceSize(size), Set.of()).map(ranked -> {
            JsonArray list = new JsonArray();
            ranked.forEach(r -> list.add(new JsonObject().put("provider", r.profile().provider().toString())
                    .put("score", r.score().doubleValue())
                    .put("pricePerEpoch", r.pricePerEpoch().attoFil().toString())
                    .put("successfulDeals", r.profile().successfulDeals())
                    .put("firstSeenEpoch", r.profile().firstSeenEpoch())
                    .put("ask", Asks.toJson(r.profile().ask()))));
            return list;
        });
    }

    private Future<JsonArray> estimate(JsonObject body) {
        long size = positive(body, "size", 1);
        long duration = positive(body, "durationEpochs", config.durationEpochs());
        return vertx.executeBlocking(directory::asks, false).map(asks -> {
            JsonArray list = new JsonArray();
            for (StorageAsk ask : asks) {
                JsonObject entry = new JsonObject().put("provider", ask.provider().toString());
                try {
                    CostEstimate cost = CostEstimate.of(ask, config.policy(), size, duration, false);
                    entry.put("payloadSize", cost.payloadSize()).put("pieceSize", cost.pieceSize())
                            .put("durationEpochs", cost.duration())
                            .put("pricePerEpoch", cost.pricePerEpoch().attoFil().toString())
                            .put("totalStorageFee", cost.totalStorageFee().attoFil().toString())
                            .put("totalStorageFeeFil", cost.totalStorageFee().toFilString())
                            .put("providerCollateral", cost.providerCollateral().attoFil().toString())
                            .put("clientCollateral", cost.clientCollateral().attoFil().toString())
                            .put("clientBalanceRequirement", cost.clientBalanceRequirement().attoFil().toString());
                } catch (DealsException e) {
                    entry.put("error", e.code() + ": " + e.getMessage());
                }
                list.add(entry);
            }
            return list;
        });
    }

    private Future<JsonObject> retrieve(JsonObject body) {
        Cid wanted = cid(body, "cid");
        return vertx.executeBlocking(() -> directory.deals().stream()
                        .filter(record -> record.state() == DealState.ACTIVE && record.holds(wanted)).toList(), false)
                .compose(holders -> {
                    if (holders.isEmpty()) {
                        return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
                                DealsContract.NOT_FOUND, "no active deal holds " + wanted));
                    }
                    return retrieveFrom(holders, 0, new ArrayList<>());
                });
    }

    private Future<JsonObject> retrieveFrom(List<DealRecord> holders, int index, List<String> failures) {
        if (index >= holders.size()) {
            return Future.failedFuture(new IllegalStateException("no provider returned the piece's data: "
                    + String.join("; ", failures)));
        }
        DealRecord holder = holders.get(index);
        return vertx.executeBlocking(() -> download(holder), false)
                .map(path -> new JsonObject().put("path", path.toString()).put("size", holder.piece().payloadSize())
                        .put("payloadCid", holder.payloadCid().toString())
                        .put("pieceCid", holder.piece().toV1().toString())
                        .put("provider", holder.provider().toString()))
                .recover(e -> {
                    failures.add(holder.provider() + ": " + e.getMessage());
                    return retrieveFrom(holders, index + 1, failures);
                });
    }

    /** Reads the payload from the deal's provider in chunks into a local file, checking its piece commitment. */
    private Path download(DealRecord holder) throws IOException {
        Path file = Files.createTempFile(config.retrievalDirectory(), "retrieval-", ".car");
        try {
            PieceCommitment commitment = PieceCommitment.create();
            long size = holder.piece().payloadSize();
            String address = DealsContract.provider(holder.provider(), "retrieve");
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
                for (long offset = 0; offset < size; ) {
                    int length = (int) Math.min(DealsContract.TRANSFER_CHUNK_BYTES, size - offset);
                    Buffer chunk = DagPayload.await(vertx.eventBus().<Buffer>request(address,
                            new JsonObject().put("offset", offset).put("length", length), options()
                                    .addHeader(DealsContract.PROPOSAL_HEADER, holder.proposalCid().toString())),
                            config.requestTimeoutMillis() + 1_000).body();
                    if (chunk.length() == 0) {
                        throw new IOException("the provider's data ends at byte " + offset + " of " + size);
                    }
                    byte[] bytes = chunk.getBytes();
                    out.write(bytes);
                    commitment.update(bytes);
                    offset += bytes.length;
                }
            }
            PieceInfo received = commitment.finish();
            if (!received.equals(holder.piece())) {
                throw new IOException("the data has piece CID " + received.toV1() + ", the deal's is "
                        + holder.piece().toV1());
            }
            return file;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private Future<List<ProviderSelection.RankedProvider>> rank(long pieceSize, Set<FilecoinAddress> excluded) {
        return vertx.executeBlocking(directory::asks, false).map(asks -> {
            long epoch = config.clock().currentEpoch();
            List<ProviderProfile> profiles = new ArrayList<>();
            for (StorageAsk ask : asks) {
                long seen = firstSeen.computeIfAbsent(ask.provider(), p -> epoch);
                profiles.add(new ProviderProfile(ask, BigInteger.ZERO, successfulDeals.getOrDefault(ask.provider(), 0L),
                        seen));
            }
            return selection.rank(profiles, pieceSize, false, epoch, excluded);
        });
    }

    /** Makes up to {@code count} deals for the piece, trying ranked providers in turn past refusals. */
    private Future<List<TrackedDeal>> makeDeals(Cid payloadCid, PieceInfo piece, int count, long duration,
                                                Set<FilecoinAddress> excluded, List<String> refusals) {
        return rank(piece.paddedSize(), excluded).compose(ranked -> {
            List<TrackedDeal> made = new ArrayList<>();
            return tryProviders(ranked, 0, payloadCid, piece, count, duration, made, refusals).map(done -> made);
        });
    }

    private Future<Void> tryProviders(List<ProviderSelection.RankedProvider> ranked, int index, Cid payloadCid,
                                      PieceInfo piece, int count, long duration, List<TrackedDeal> made,
                                      List<String> refusals) {
        if (made.size() >= count || index >= ranked.size()) {
            return Future.succeededFuture();
        }
        StorageAsk ask = ranked.get(index).profile().ask();
        return makeDeal(ask, payloadCid, piece, duration)
                .onSuccess(deal -> {
                    if (deal.deal.state() == DealState.ACTIVE) {
                        made.add(deal);
                    } else {
                        refusals.add(ask.provider() + ": " + deal.deal.state() + " " + deal.deal.reason());
                    }
                })
                .<Void>mapEmpty()
                .recover(e -> {
                    refusals.add(ask.provider() + ": " + e.getMessage());
                    return Future.succeededFuture();
                })
                .compose(ignored -> tryProviders(ranked, index + 1, payloadCid, piece, count, duration, made, refusals));
    }

    private Future<TrackedDeal> makeDeal(StorageAsk ask, Cid payloadCid, PieceInfo piece, long duration) {
        long epoch = config.clock().currentEpoch();
        CostEstimate estimate;
        try {
            estimate = CostEstimate.of(ask, config.policy(), piece.payloadSize(), duration, false);
        } catch (DealsException e) {
            return Future.failedFuture(e);
        }
        long start = epoch + config.startDelayEpochs();
        DealProposal proposal = new DealProposal.Builder().pieceCid(piece.toV1()).pieceSize(piece.paddedSize())
                .client(config.key().address()).provider(ask.provider())
                .label(DealLabel.text(payloadCid.toString())).startEpoch(start)
                .endEpoch(start + duration).storagePricePerEpoch(estimate.pricePerEpoch())
                .providerCollateral(estimate.providerCollateral()).clientCollateral(estimate.clientCollateral())
                .build();
        return offer(ClientDealProposal.sign(proposal, config.key()), piece, payloadCid);
    }

    /** Proposes a signed deal to its provider and, once accepted, transfers the payload and tracks the deal. */
    private Future<TrackedDeal> offer(ClientDealProposal signed, PieceInfo piece, Cid payloadCid) {
        FilecoinAddress provider = signed.proposal().provider();
        TrackedDeal tracked = new TrackedDeal(Deal.proposed(signed, config.clock().currentEpoch()), provider, piece,
                payloadCid);
        return vertx.eventBus().request(DealsContract.provider(provider, "propose"), Buffer.buffer(signed.toCbor()),
                        options())
                .recover(e -> Future.failedFuture(e instanceof ReplyException reply
                        && reply.failureType() == ReplyFailure.NO_HANDLERS
                        ? new BadRequest("no provider " + provider + " in the cluster") : e))
                .compose(accepted -> {
                    deals.put(tracked.deal.proposalCid(), tracked);
                    metrics.moved(null, tracked.deal.state());
                    update(tracked, new DealEvent.Accepted());
                    update(tracked, new DealEvent.TransferStarted());
                    return vertx.executeBlocking(() -> {
                        PieceUpload upload = new PieceUpload(vertx, provider, tracked.deal.proposalCid(),
                                config.requestTimeoutMillis());
                        payloads.write(payloadCid, upload);
                        return upload.finish();
                    }, false);
                })
                .map(body -> {
                    if (DealState.ACTIVE.name().equals(body.getString("state"))) {
                        update(tracked, new DealEvent.TransferCompleted(Cid.parse(body.getString("pieceCid"))));
                        if (tracked.deal.state() == DealState.SEALING) {
                            update(tracked, new DealEvent.Sealed());
                        }
                    } else {
                        update(tracked, new DealEvent.Failed("provider reports " + body.getString("state") + ": "
                                + body.getString("reason")));
                    }
                    return tracked;
                })
                .recover(e -> {
                    if (deals.containsKey(tracked.deal.proposalCid()) && !tracked.deal.state().isTerminal()) {
                        update(tracked, new DealEvent.Failed(e.getMessage()));
                    }
                    return Future.failedFuture(e);
                });
    }

    private void tick() {
        long epoch = config.clock().currentEpoch();
        for (TrackedDeal tracked : List.copyOf(deals.values())) {
            if (tracked.deal.state() != DealState.ACTIVE || epoch < tracked.deal.lastUpdatedEpoch()) {
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
                        options().addHeader(DealsContract.PROPOSAL_HEADER, tracked.deal.proposalCid().toString()))
                .onComplete(reply -> {
                    tracked.challengeInFlight = false;
                    if (reply.failed() || tracked.deal.state() != DealState.ACTIVE) {
                        return;
                    }
                    long epoch = Math.max(config.clock().currentEpoch(), tracked.deal.lastUpdatedEpoch());
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
        metrics.moved(before.state(), after.state());
        List<DealTransition> transitions = after.history().subList(before.history().size(), after.history().size());
        metrics.settled(transitions);
        DealRecord record = record(tracked);
        if (after.lastUpdatedEpoch() != before.lastUpdatedEpoch() || after.history().size() != before.history().size()) {
            vertx.executeBlocking(() -> {
                directory.putDeal(record);
                return null;
            });
        }
        for (DealTransition transition : transitions) {
            if (transition.changesState()) {
                publish(record, transition);
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
        long remaining = slashed.deal.proposal().proposal().endEpoch() - config.clock().currentEpoch()
                - config.startDelayEpochs();
        makeDeals(slashed.payloadCid, slashed.piece, 1, Math.max(remaining, config.policy().minDuration()), excluded,
                new ArrayList<>());
    }

    private void publish(DealRecord record, DealTransition transition) {
        vertx.eventBus().publish(DealsContract.EVENTS, record.toJson()
                .put("from", transition.from().name())
                .put("to", transition.to().name())
                .put("epoch", transition.epoch()));
    }

    private DealRecord record(TrackedDeal tracked) {
        return DealRecord.of(tracked.deal, tracked.payloadCid, tracked.piece, config.nodeName());
    }

    private DeliveryOptions options() {
        return new DeliveryOptions().setSendTimeout(config.requestTimeoutMillis());
    }
}

package io.strata.gateway;

import io.strata.blockstore.verticle.BlockStoreClient;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.strata.cluster.ClusterContract;
import io.strata.cluster.PeerInfo;
import io.strata.dht.DhtClient;
import io.strata.dht.DhtClientException;
import io.strata.dht.DhtError;
import io.strata.multiformats.Cid;
import io.strata.multiformats.MultiformatException;
import io.strata.multiformats.PeerId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Delegated Routing V1 HTTP API (IPFS specs, routing/http-routing-v1) on the gateway port:
 * {@code GET /routing/v1/providers/{cid}} and {@code GET /routing/v1/peers/{peer-id}}, answered from the
 * node's DHT, so that Helia and other delegated-routing clients can find which Strata nodes hold a CID.
 *
 * <p>Records use the peer schema, {@code {"Schema":"peer","ID","Addrs","Protocols"}}; a peer with an
 * {@code /http} or {@code /https} address lists the protocol {@code transport-ipfs-gateway-http}, since
 * its trustless gateway is how outside clients fetch from it. This node itself is listed first among the
 * providers of a CID its block store holds. {@code Accept: application/x-ndjson} streams one record per
 * line; anything else gets {@code application/json}. No records: 404. Caching follows boxo's server:
 * {@code public, max-age=300} with results, {@code max-age=15} without, both
 * {@code stale-while-revalidate} and {@code stale-if-error} for the 48 h provider record lifetime. Without
 * a DHT (single-node mode) nothing is known about other peers, so every lookup is a 404.
 */
final class DelegatedRouting {

    static final String PREFIX = "/routing/v1/";
    static final String GATEWAY_PROTOCOL = "transport-ipfs-gateway-http";
    static final int JSON_LIMIT = 20;
    static final int STREAMING_LIMIT = 100;
    private static final String NDJSON = "application/x-ndjson";
    private static final String JSON = "application/json";
    private static final long MAX_AGE_WITH_RESULTS = Duration.ofMinutes(5).toSeconds();
    private static final long MAX_AGE_WITHOUT_RESULTS = 15;
    private static final long MAX_STALE = Duration.ofHours(48).toSeconds();
    private static final Duration SELF_TIMEOUT = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final DhtClient dht;
    private final BlockStoreClient blocks;

    DelegatedRouting(Vertx vertx, DhtClient dht, BlockStoreClient blocks) {
        this.vertx = vertx;
        this.dht = dht;
        this.blocks = blocks;
    }

    static boolean handles(String path) {
        return path.startsWith(PREFIX);
    }

    void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        response.putHeader("Access-Control-Allow-Origin", "*")
                .putHeader("Access-Control-Allow-Methods", "GET, PUT, OPTIONS");
        if (request.method() == HttpMethod.OPTIONS) {
            response.putHeader("Access-Control-Allow-Headers", "Content-Type, Accept").setStatusCode(204).end();
            return;
        }
        String[] segments = request.path().substring(PREFIX.length()).split("/", -1);
        boolean lookup = segments.length == 2 && !segments[1].isEmpty()
                && (segments[0].equals("providers") || segments[0].equals("peers"));
        if (!lookup) {
            text(response, 400, "unknown delegated routing path " + request.path());
            return;
        }
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            text(response, 501, request.method() + " " + request.path() + " is not supported");
            return;
        }
        String mediaType = mediaType(request.getHeader("Accept"));
        if (mediaType == null) {
            text(response, 400, "no supported content types: accept application/json or application/x-ndjson");
            return;
        }
        int limit = mediaType.equals(NDJSON) ? STREAMING_LIMIT : JSON_LIMIT;
        Future<List<PeerInfo>> records;
        String field;
        if (segments[0].equals("providers")) {
            Cid cid;
            try {
                cid = Cid.parse(segments[1]);
            } catch (MultiformatException e) {
                text(response, 400, "unable to parse CID: " + e.getMessage());
                return;
            }
            field = "Providers";
            records = providers(cid, limit);
        } else {
            PeerId peer;
            try {
                peer = parsePeerId(segments[1]);
            } catch (MultiformatException e) {
                text(response, 400, "unable to parse PeerID \"" + segments[1] + "\": " + e.getMessage());
                return;
            }
            field = "Peers";
            records = dht.findPeer(peer).map(List::of);
        }
        records.recover(failure -> failure instanceof DhtClientException known
                        && (known.error() == DhtError.NOT_FOUND || known.error() == DhtError.UNAVAILABLE)
                        ? Future.succeededFuture(List.of()) : Future.failedFuture(failure))
                .onSuccess(found -> respond(request, mediaType, field, found))
                .onFailure(failure -> text(response, 500, "delegate error: " + failure.getMessage()));
    }

    /** The legacy base58 form, a libp2p-key CID, or (as boxo accepts) a CID of another codec around the same multihash. */
    static PeerId parsePeerId(String text) {
        try {
            return PeerId.parse(text);
        } catch (MultiformatException notAPeerId) {
            try {
                return PeerId.fromMultihash(Cid.parse(text).multihash());
            } catch (MultiformatException notACid) {
                throw notAPeerId;
            }
        }
    }

    static JsonObject peerRecord(PeerInfo peer) {
        boolean gateway = peer.addresses().stream().anyMatch(address -> address.endsWith("/http")
                || address.endsWith("/https"));
        return new JsonObject().put("Schema", "peer").put("ID", peer.peerId().toBase58())
                .put("Addrs", new JsonArray(List.copyOf(peer.addresses())))
                .put("Protocols", gateway ? new JsonArray().add(GATEWAY_PROTOCOL) : new JsonArray());
    }

    /** Others found through the DHT, preceded by this node when its store holds the block. */
    private Future<List<PeerInfo>> providers(Cid cid, int limit) {
        Future<List<PeerInfo>> others = dht.findProviders(cid, limit)
                .recover(failure -> failure instanceof DhtClientException known && known.error() == DhtError.UNAVAILABLE
                        ? Future.succeededFuture(List.of()) : Future.failedFuture(failure));
        Future<PeerInfo> self = blocks.has(cid).compose(held -> held ? selfInfo() : Future.succeededFuture(null))
                .otherwise((PeerInfo) null);
        return Future.all(others, self).map(both -> {
            List<PeerInfo> all = new ArrayList<>(limit);
            PeerInfo me = self.result();
            if (me != null) {
                all.add(me);
            }
            for (PeerInfo other : others.result()) {
                if (all.size() < limit && (me == null || !other.peerId().equals(me.peerId()))) {
                    all.add(other);
                }
            }
            return all;
        });
    }

    private Future<PeerInfo> selfInfo() {
        return vertx.eventBus().<PeerInfo>request(ClusterContract.SELF, null, new DeliveryOptions()
                        .setCodecName(LocalObjectCodec.NAME).setSendTimeout(SELF_TIMEOUT.toMillis()))
                .map(Message::body);
    }

    private static void respond(HttpServerRequest request, String mediaType, String field, List<PeerInfo> found) {
        HttpServerResponse response = request.response();
        long maxAge = found.isEmpty() ? MAX_AGE_WITHOUT_RESULTS : MAX_AGE_WITH_RESULTS;
        response.setStatusCode(found.isEmpty() ? 404 : 200)
                .putHeader("Content-Type", mediaType)
                .putHeader("Vary", "Accept")
                .putHeader("Cache-Control", "public, max-age=" + maxAge + ", stale-while-revalidate=" + MAX_STALE
                        + ", stale-if-error=" + MAX_STALE)
                .putHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        StringBuilder body = new StringBuilder();
        if (mediaType.equals(NDJSON)) {
            found.forEach(peer -> body.append(peerRecord(peer).encode()).append('\n'));
        } else {
            JsonArray records = new JsonArray();
            found.forEach(peer -> records.add(peerRecord(peer)));
            body.append(new JsonObject().put(field, records).encode());
        }
        Buffer bytes = Buffer.buffer(body.toString());
        if (request.method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", Integer.toString(bytes.length())).end();
        } else {
            response.end(bytes);
        }
    }

    /** NDJSON when asked for, else JSON when acceptable (or nothing was said), else null. */
    static String mediaType(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        boolean json = false;
        for (String range : accept.split(",")) {
            String type = range.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals(NDJSON)) {
                return NDJSON;
            }
            json |= type.equals(JSON) || type.equals("*/*");
        }
        return json ? JSON : null;
    }

    private static void text(HttpServerResponse response, int status, String message) {
        response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
    }
}

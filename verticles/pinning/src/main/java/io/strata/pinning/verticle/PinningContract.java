package io.strata.pinning.verticle;

import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.NodePinState;
import io.strata.pinning.PinMode;
import io.strata.pinning.PinStatus;
import io.strata.pinning.ReplicationFactor;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The pinning verticle's node-local event-bus contract ({@code localConsumer}, payloads by reference with
 * {@link io.strata.blockstore.verticle.LocalObjectCodec}). Failures carry a {@link PinningError} code.
 *
 * <table>
 * <caption>Addresses</caption>
 * <tr><th>address</th><th>body</th><th>reply</th></tr>
 * <tr><td>{@link #ADD}</td><td>{@link PinRequest}</td><td>the stored {@link ClusterPin}, allocated</td></tr>
 * <tr><td>{@link #REMOVE}</td><td>{@link Cid}</td><td>null; every node unpins it</td></tr>
 * <tr><td>{@link #STATUS}</td><td>{@link Cid}</td><td>{@link PinInfo}</td></tr>
 * <tr><td>{@link #LIST}</td><td>null</td><td>a {@link PinCursor} over the whole pin set, pulled in batches</td></tr>
 * <tr><td>{@link #PAGE}</td><td>{@link PageRequest}</td><td>{@link Page}: the newest matching pins, read
 *     through the creation-time index</td></tr>
 * <tr><td>{@link #CONTAINS}</td><td>a {@code List<Cid>}</td><td>the {@code Set<Cid>} of those the cluster pin set holds</td></tr>
 * <tr><td>{@link #REPAIR}</td><td>null</td><td>the number of pins re-allocated (0 unless this node plans)</td></tr>
 * </table>
 *
 * <p>Status changes are published cluster-wide: every node's tracker publishes a {@link PinStatusChange} (as
 * its JSON form) on {@link #EVENTS} and on {@link #eventsAddress(Cid)} whenever its status of a pin changes,
 * so a consumer on any node sees the whole cluster's progress.
 */
public final class PinningContract {

    public static final String PREFIX = "strata.pinning.";
    public static final String ADD = PREFIX + "add";
    public static final String REMOVE = PREFIX + "remove";
    public static final String STATUS = PREFIX + "status";
    public static final String REPAIR = PREFIX + "repair";
    public static final String LIST = PREFIX + "list";
    public static final String CONTAINS = PREFIX + "contains";
    public static final String PAGE = PREFIX + "page";
    /** Clustered publish address of every node's pin status changes, as {@link PinStatusChange#toJson()}. */
    public static final String EVENTS = PREFIX + "events";

    /** Name of the distributed map holding the pin set, keyed by CID string. */
    public static final String PINS_MAP = "strata-pins";
    /** Name of the distributed map holding each node's state per pin, keyed {@code <cid>/<peerId>}. */
    public static final String STATES_MAP = "strata-pin-states";
    /** Names of the distributed maps of the creation-time index ({@link PinTimeIndex}). */
    public static final String TIME_LINKS_MAP = "strata-pins-by-time";
    public static final String TIME_LEAVES_MAP = "strata-pins-by-time-leaves";
    /**
     * Name of the distributed map recording removed pins (CID string to removal time), kept for
     * {@link ClusterPinSet#REMOVAL_RECORD_TTL}: a node unpins a pin missing from the set only when its removal is
     * recorded here, not when it merely cannot see it.
     */
    public static final String REMOVALS_MAP = "strata-pins-removed";
    /** Name of the distributed map where each node publishes {@code <freeBytes>,<pinLoad>}. */
    public static final String NODES_MAP = "strata-pin-nodes";

    private PinningContract() {
    }

    /** Clustered publish address of the status changes of one pin. */
    public static String eventsAddress(Cid cid) {
        return EVENTS + "." + cid;
    }

    /**
     * One node's status of one pin changed from {@code previous} (null: the node had no state for it) to
     * {@code status}; {@code unpinned} is published when a node forgets a pin it released.
     */
    public record PinStatusChange(Cid cid, PeerId peer, PinStatus previous, PinStatus status, String error,
                                  int attempts, long atMillis) {
        public PinStatusChange {
            Objects.requireNonNull(cid, "cid");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(error, "error");
        }

        /** {@code {cid, peer, previous (null when none), status, error, attempts, time (RFC 3339)}}. */
        public JsonObject toJson() {
            return new JsonObject().put("cid", cid.toString()).put("peer", peer.toBase58())
                    .put("previous", previous == null ? null : previous.wireName()).put("status", status.wireName())
                    .put("error", error).put("attempts", attempts).put("time", Instant.ofEpochMilli(atMillis).toString());
        }
    }

    /** A request to pin {@code cid} on the cluster; {@code requiredTags} from {@code tag:key=value} constraints. */
    public record PinRequest(Cid cid, String name, PinMode mode, ReplicationFactor replication,
                             Map<String, String> requiredTags, long expireAtMillis, Map<String, String> metadata,
                             List<String> origins) {
        public PinRequest {
            Objects.requireNonNull(cid, "cid");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(replication, "replication");
            requiredTags = Map.copyOf(requiredTags);
            metadata = Map.copyOf(metadata);
            origins = List.copyOf(origins);
        }

        public static PinRequest recursive(Cid cid, String name, ReplicationFactor replication) {
            return new PinRequest(cid, name, PinMode.RECURSIVE, replication, Map.of(), 0, Map.of(), List.of());
        }
    }

    /**
     * Asks for the newest at most {@code limit} pins created after {@code afterMillis} and before
     * {@code beforeMillis} (both exclusive; {@code Long.MIN_VALUE} / {@code Long.MAX_VALUE} for no bound) that
     * {@code filter} accepts, or, when {@code cids} is not empty, only among the pins of those CIDs. The filter
     * runs on a worker of the node that asked (the request is node-local).
     */
    public record PageRequest(long beforeMillis, long afterMillis, int limit, Set<Cid> cids, Predicate<PinInfo> filter) {
        public PageRequest {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be positive: " + limit);
            }
            cids = Set.copyOf(cids);
            Objects.requireNonNull(filter, "filter");
        }
    }

    /**
     * A page of pins, newest first. {@code matched} counts the matches the walk met: exact when {@code complete}
     * (the walk reached the oldest pin in range), else {@code pins.size() + 1}, since the walk stops at the first
     * match beyond the page. {@code examined} counts the index entries read, for tests and benchmarks.
     */
    public record Page(List<PinInfo> pins, long matched, boolean complete, long examined) {
        public Page {
            pins = List.copyOf(pins);
        }
    }

    /** A pin with the state every node reported for it. */
    public record PinInfo(ClusterPin pin, Map<PeerId, NodePinState> states) {
        public PinInfo {
            states = Map.copyOf(states);
        }
    }
}

package io.strata.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.strata.blockstore.verticle.LocalObjectCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Cluster membership ({@link ClusterContract}) over the Vert.x cluster manager. Each node records its
 * {@link PeerInfo} in the cluster-wide map {@value #MEMBERS_MAP}, keyed by its Vert.x node id (the
 * Hazelcast member UUID), and follows that map and Hazelcast's member list: a member whose entry appears
 * is published as {@code joined}; one whose entry is removed (graceful leave) or that drops out of the
 * member list (crash, partition) is published as {@code left}, once, and the survivors remove its stale
 * entry. Members already present when this verticle starts are in {@code peers} but are not announced.
 *
 * <p>With a {@link ClusterSecurity} (a cluster secret), a member is admitted only when its Hazelcast member
 * attribute {@value ClusterSecurity#PROOF_ATTRIBUTE} proves it holds the secret; others are neither listed
 * in {@code peers} nor announced.
 *
 * <p>Without a cluster manager (a single node) the verticle answers {@code self} and an empty
 * {@code peers}, and publishes nothing.
 */
public final class MembershipVerticle extends VerticleBase {

    public static final String MEMBERS_MAP = "strata.cluster.members";

    private static final System.Logger LOG = System.getLogger(MembershipVerticle.class.getName());
    private static final DeliveryOptions LOCAL = new DeliveryOptions().setCodecName(LocalObjectCodec.NAME).setLocalOnly(true);

    private final PeerInfo self;
    private final HazelcastInstance hazelcast;
    private final ClusterSecurity security;
    /** Live members other than this node, by node id; touched only on this verticle's context. */
    private final Map<String, PeerInfo> members = new HashMap<>();
    private Context context;
    private IMap<String, String> memberMap;
    private String nodeId;
    private UUID entryListener;
    private UUID membershipListener;

    /** A node outside any cluster. */
    public MembershipVerticle(PeerInfo self) {
        this.self = Objects.requireNonNull(self, "self");
        this.hazelcast = null;
        this.security = null;
    }

    /** A clustered node; {@code clusterManager} is the one its Vert.x was built with (already joined). */
    public MembershipVerticle(PeerInfo self, HazelcastClusterManager clusterManager) {
        this(self, clusterManager, Optional.empty());
    }

    /** A clustered node that admits only members proving the cluster secret, when {@code security} is present. */
    public MembershipVerticle(PeerInfo self, HazelcastClusterManager clusterManager, Optional<ClusterSecurity> security) {
        this.self = Objects.requireNonNull(self, "self");
        this.hazelcast = Objects.requireNonNull(clusterManager, "clusterManager").getHazelcastInstance();
        this.security = security.orElse(null);
    }

    @Override
    public Future<?> start() {
        context = vertx.getOrCreateContext();
        LocalObjectCodec.registerOn(vertx);
        Future<Void> consumers = Future.all(
                vertx.eventBus().localConsumer(ClusterContract.PEERS, message -> message.reply(List.copyOf(members.values()), LOCAL))
                        .completion(),
                vertx.eventBus().localConsumer(ClusterContract.SELF, message -> message.reply(self, LOCAL)).completion())
                .mapEmpty();
        if (hazelcast == null) {
            return consumers;
        }
        return consumers.compose(ready -> vertx.executeBlocking(this::joinMemberMap)).onSuccess(present -> {
            Set<String> live = admittedNodeIds();
            present.forEach((id, peer) -> {
                if (live.contains(id)) {
                    members.putIfAbsent(id, peer);
                }
            });
            LOG.log(System.Logger.Level.INFO, "cluster member {0} ({1}), {2} other member(s)", nodeId,
                    self.peerId().toBase58(), members.size());
        });
    }

    @Override
    public Future<?> stop() {
        if (hazelcast == null || memberMap == null) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            if (hazelcast.getLifecycleService().isRunning()) {
                hazelcast.getCluster().removeMembershipListener(membershipListener);
                memberMap.removeEntryListener(entryListener);
                memberMap.remove(nodeId);
            }
            return null;
        });
    }

    /** Subscribes to the map and the member list, records this node, and answers the other entries. */
    private Map<String, PeerInfo> joinMemberMap() {
        nodeId = hazelcast.getCluster().getLocalMember().getUuid().toString();
        memberMap = hazelcast.getMap(MEMBERS_MAP);
        entryListener = memberMap.addEntryListener(new EntryEvents(), true);
        membershipListener = hazelcast.getCluster().addMembershipListener(new MemberEvents());
        memberMap.set(nodeId, PeerInfoJson.encode(self));
        Map<String, PeerInfo> present = new HashMap<>();
        memberMap.forEach((id, json) -> {
            if (!id.equals(nodeId)) {
                decode(id, json).ifPresent(peer -> present.put(id, peer));
            }
        });
        return present;
    }

    /** Live members that hold the secret (all live members without one). */
    private Set<String> admittedNodeIds() {
        return hazelcast.getCluster().getMembers().stream()
                .filter(member -> security == null || security.verifiesProof(member.getAttribute(ClusterSecurity.PROOF_ATTRIBUTE)))
                .map(member -> member.getUuid().toString())
                .collect(Collectors.toSet());
    }

    private void entrySeen(String id, String json) {
        if (id.equals(nodeId) || !admittedNodeIds().contains(id)) {
            return;
        }
        decode(id, json).ifPresent(peer -> {
            if (members.put(id, peer) == null) {
                vertx.eventBus().publish(ClusterContract.JOINED, peer, LOCAL);
            }
        });
    }

    private void gone(String id) {
        PeerInfo peer = members.remove(id);
        if (peer != null) {
            vertx.eventBus().publish(ClusterContract.LEFT, peer, LOCAL);
        }
    }

    private Optional<PeerInfo> decode(String id, String json) {
        try {
            return Optional.of(PeerInfoJson.decode(json));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring the member entry of {0}: {1}", id, e.getMessage());
            return Optional.empty();
        }
    }

    /** Hazelcast calls these on its own threads; the work happens on this verticle's context. */
    private final class EntryEvents implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryRemovedListener<String, String> {

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            context.runOnContext(nothing -> entrySeen(event.getKey(), event.getValue()));
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            context.runOnContext(nothing -> entrySeen(event.getKey(), event.getValue()));
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            context.runOnContext(nothing -> gone(event.getKey()));
        }
    }

    private final class MemberEvents implements MembershipListener {

        @Override
        public void memberAdded(MembershipEvent event) {
            // its map entry announces it, with its peer id
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            Member member = event.getMember();
            String id = member.getUuid().toString();
            context.runOnContext(nothing -> gone(id));
            // a crashed member cannot remove its own entry; any survivor may, and doing it twice is harmless
            if (hazelcast.getLifecycleService().isRunning()) {
                memberMap.removeAsync(id);
            }
        }
    }
}

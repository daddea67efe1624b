package io.strata.node;

import com.hazelcast.core.HazelcastInstance;
import io.strata.cluster.MembershipVerticle;
import io.strata.health.NodeHealth;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;

import java.time.Duration;

/**
 * The {@value #NAME} readiness check of a clustered node: ready only while its Hazelcast member runs, is in the
 * member list, and its entry is in the membership map (the other nodes can find it). A node that has not joined,
 * or has been cut off and left, takes no traffic, but is not restarted for it: this is readiness, not liveness.
 */
final class ClusterHealthCheck {

    static final String NAME = "cluster";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final HazelcastInstance hazelcast;

    private ClusterHealthCheck(Vertx vertx, HazelcastInstance hazelcast) {
        this.vertx = vertx;
        this.hazelcast = hazelcast;
    }

    static void register(Vertx vertx, NodeHealth health, HazelcastInstance hazelcast) {
        health.registerReadiness(NAME, TIMEOUT, new ClusterHealthCheck(vertx, hazelcast)::probe);
    }

    private void probe(Promise<Status> result) {
        vertx.executeBlocking(this::status, false).onComplete(checked -> result.complete(checked.succeeded()
                ? checked.result()
                : Status.KO(new JsonObject().put("error", String.valueOf(checked.cause().getMessage())))));
    }

    /** Blocking: reads the member list and the membership map. */
    Status status() {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return Status.KO(new JsonObject().put("error", "not in a cluster: the Hazelcast member has stopped"));
        }
        var cluster = hazelcast.getCluster();
        String self = cluster.getLocalMember().getUuid().toString();
        int members = cluster.getMembers().size();
        JsonObject data = new JsonObject().put("members", members).put("member", self);
        if (!cluster.getMembers().contains(cluster.getLocalMember())) {
            return Status.KO(data.put("error", "not in the cluster's member list"));
        }
        if (!hazelcast.getMap(MembershipVerticle.MEMBERS_MAP).containsKey(self)) {
            return Status.KO(data.put("error", "not registered in " + MembershipVerticle.MEMBERS_MAP + " yet"));
        }
        return Status.OK(data);
    }
}

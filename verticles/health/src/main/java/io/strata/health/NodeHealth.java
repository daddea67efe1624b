package io.strata.health;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's health checks, one registry per Vert.x instance, which every part of the node fills and the
 * HTTP servers answer from ({@link HealthEndpoint}).
 *
 * <ul>
 *   <li><b>liveness</b> ({@code /health}): checks whose failure means the node is broken and should be
 *       restarted: verticle deployment state, the block store answering;</li>
 *   <li><b>readiness</b> ({@code /ready}): every liveness check plus those whose failure only means the node
 *       should receive no traffic for now (not yet a cluster member, say).</li>
 * </ul>
 *
 * The built-in {@value #VERTICLES} check is DOWN until {@link #startupComplete()} and whenever a verticle
 * reported through {@link #verticleDeployed} is no longer deployed.
 */
public final class NodeHealth implements Shareable {

    public static final String VERTICLES = "verticles";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final String LOCAL_MAP = "strata.health";
    private static final String KEY = "node";

    private final Vertx vertx;
    private final HealthChecks liveness;
    private final HealthChecks readiness;
    private final Map<String, String> deployments = new ConcurrentHashMap<>();
    private volatile boolean started;

    private NodeHealth(Vertx vertx) {
        this.vertx = vertx;
        this.liveness = HealthChecks.create(vertx);
        this.readiness = HealthChecks.create(vertx);
        registerLiveness(VERTICLES, DEFAULT_TIMEOUT, this::checkDeployments);
    }

    /** The registry of this Vert.x instance, created on first use. */
    public static NodeHealth of(Vertx vertx) {
        LocalMap<String, NodeHealth> map = vertx.sharedData().getLocalMap(LOCAL_MAP);
        NodeHealth fresh = new NodeHealth(vertx);
        NodeHealth existing = map.putIfAbsent(KEY, fresh);
        return existing != null ? existing : fresh;
    }

    /** Adds a check to both {@code /health} and {@code /ready}; a check that takes longer than {@code timeout} is DOWN. */
    public NodeHealth registerLiveness(String name, Duration timeout, Handler<Promise<Status>> procedure) {
        liveness.register(name, timeout.toMillis(), procedure);
        readiness.register(name, timeout.toMillis(), procedure);
        return this;
    }

    /** Adds a check to {@code /ready} only. */
    public NodeHealth registerReadiness(String name, Duration timeout, Handler<Promise<Status>> procedure) {
        readiness.register(name, timeout.toMillis(), procedure);
        return this;
    }

    public NodeHealth unregister(String name) {
        liveness.unregister(name);
        readiness.unregister(name);
        return this;
    }

    /** Records a verticle the node deployed; the {@value #VERTICLES} check fails if it is later undeployed. */
    public NodeHealth verticleDeployed(String name, String deploymentId) {
        deployments.put(name, deploymentId);
        return this;
    }

    /** The deployment ID recorded for {@code name}, if any. */
    public Optional<String> deploymentOf(String name) {
        return Optional.ofNullable(deployments.get(name));
    }

    /** Every verticle is deployed: from now on {@value #VERTICLES} is UP while they all stay deployed. */
    public NodeHealth startupComplete() {
        started = true;
        return this;
    }

    public Future<CheckResult> liveness() {
        return liveness.checkStatus();
    }

    public Future<CheckResult> readiness() {
        return readiness.checkStatus();
    }

    private void checkDeployments(Promise<Status> result) {
        JsonObject data = new JsonObject();
        JsonArray missing = new JsonArray();
        deployments.forEach((name, id) -> {
            boolean deployed = vertx.deploymentIDs().contains(id);
            data.put(name, deployed ? "deployed" : "undeployed");
            if (!deployed) {
                missing.add(name);
            }
        });
        if (!started) {
            result.complete(Status.KO(data.put("state", "starting")));
        } else if (!missing.isEmpty()) {
            result.complete(Status.KO(data.put("state", "degraded").put("undeployed", missing)));
        } else {
            result.complete(Status.OK(data.put("state", "running")));
        }
    }
}

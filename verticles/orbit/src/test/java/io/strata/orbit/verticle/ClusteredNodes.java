package io.strata.orbit.verticle;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.concurrent.TimeUnit;

/** Clustered Vert.x instances on loopback for replication tests. */
final class ClusteredNodes {

    private ClusteredNodes() {
    }

    static Vertx start() throws Exception {
        Config config = new Config();
        config.setClusterName("strata-orbit-test");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "6");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.logging.type", "none");
        config.getNetworkConfig().setPort(5901).setPortAutoIncrement(true);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int port = 5901; port <= 5906; port++) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        return Vertx.builder().with(new VertxOptions())
                .withClusterManager(new HazelcastClusterManager(config))
                .buildClustered()
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}

package io.strata.pinning.verticle;

import com.hazelcast.map.IMap;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.ReplicationFactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.strata.pinning.verticle.PinningTestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * User requests never wait behind the tracker's passes. A pass here is held on the cluster the way passes were
 * held while a member left (the soak's {@code pin/add} calls timed out at 30 s then): another member locks the key
 * of the node's published report, so the node's reconcile pass waits to write it.
 */
class PinAddDuringStuckPassTest {

    /** Far below the 30 s a user call waits, far above an add on loopback. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @TempDir
    Path temp;

    private final PinningTestCluster cluster = new PinningTestCluster();

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void addsStatusAndListingsAnswerWhileAReconcilePassWaitsOnTheCluster() throws Exception {
        PinningTestCluster.Node held = cluster.start(PinningTestCluster.randomPeerId(), temp.resolve("held"));
        PinningTestCluster.Node other = cluster.start(PinningTestCluster.randomPeerId(), temp.resolve("other"));
        IMap<String, String> reports = other.hazelcast().getMap(PinningContract.NODES_MAP);
        String reportKey = held.peerId().toBase58();
        reports.lock(reportKey);
        try {
            // Passes run every reconcile interval: by now one waits on the lock.
            Thread.sleep(3 * PinningTestCluster.CONFIG.reconcileIntervalMillis());
            PinningClient impatient = new PinningClient(held.vertx(), PROMPTLY);
            for (int i = 0; i < 3; i++) {
                Cid cid = Cid.of(Multicodec.RAW, Multicodec.SHA2_256,
                        ("pinned while a pass is stuck " + i).getBytes(StandardCharsets.UTF_8));
                ClusterPin pin = await(impatient.add(PinningContract.PinRequest.recursive(cid, "stuck pass " + i,
                        new ReplicationFactor(1, 1))));
                assertEquals(cid, pin.cid());
                assertEquals(cid, await(impatient.status(cid)).pin().cid());
                assertEquals(Set.of(cid), await(impatient.contains(List.of(cid))));
            }
        } finally {
            reports.unlock(reportKey);
        }
    }
}

package io.strata.pinning.verticle;

import io.strata.multiformats.PeerId;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.NodePinState;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@link PinCursor} over the Hazelcast pin set: each batch is read on a worker of {@code workers}, the pins
 * through the map's paging iterator and their allocated nodes' states in one {@code getAll}.
 */
final class ClusterPinCursor implements PinCursor {

    private final WorkerExecutor workers;
    private final ClusterPinSet pinSet;
    private final Iterator<ClusterPin> pins;

    ClusterPinCursor(WorkerExecutor workers, ClusterPinSet pinSet) {
        this.workers = workers;
        this.pinSet = pinSet;
        this.pins = pinSet.iterator();
    }

    @Override
    public Future<List<PinningContract.PinInfo>> next(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + max);
        }
        return workers.executeBlocking(() -> {
            List<ClusterPin> batch = new ArrayList<>(Math.min(max, 1_024));
            synchronized (pins) {
                while (batch.size() < max && pins.hasNext()) {
                    batch.add(pins.next());
                }
            }
            Map<ClusterPin, Map<PeerId, NodePinState>> states = pinSet.allocatedStates(batch);
            List<PinningContract.PinInfo> infos = new ArrayList<>(batch.size());
            for (ClusterPin pin : batch) {
                infos.add(new PinningContract.PinInfo(pin, states.getOrDefault(pin, Map.of())));
            }
            return infos;
        }, false);
    }
}

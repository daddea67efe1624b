package io.strata.pinning.verticle;

import io.strata.multiformats.PeerId;
import io.strata.pinning.ClusterPin;
import io.strata.pinning.NodePinState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A pull-based walk over the cluster pin set, handed out by reference on {@link PinningContract#LIST}. Each
 * {@link #next} reads at most {@code max} pins and the states of their allocated nodes on a worker, so a
 * caller that pulls one batch after writing the previous one holds one batch, never the whole set. Not
 * thread-safe: pull the next batch only after the previous one completed.
 */
public final class PinCursor {

    private final Vertx vertx;
    private final ClusterPinSet pinSet;
    private final Iterator<ClusterPin> pins;

    PinCursor(Vertx vertx, ClusterPinSet pinSet) {
        this.vertx = vertx;
        this.pinSet = pinSet;
        this.pins = pinSet.iterator();
    }

    /** The next at most {@code max} pins with their allocated nodes' states; an empty list at the end. */
    public Future<List<PinningContract.PinInfo>> next(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + max);
        }
        return vertx.executeBlocking(() -> {
            List<ClusterPin> batch = new ArrayList<>(Math.min(max, 1_024));
            while (batch.size() < max && pins.hasNext()) {
                batch.add(pins.next());
            }
            Map<ClusterPin, Map<PeerId, NodePinState>> states = pinSet.allocatedStates(batch);
            List<PinningContract.PinInfo> infos = new ArrayList<>(batch.size());
            for (ClusterPin pin : batch) {
                infos.add(new PinningContract.PinInfo(pin, states.getOrDefault(pin, Map.of())));
            }
            return infos;
        });
    }
}

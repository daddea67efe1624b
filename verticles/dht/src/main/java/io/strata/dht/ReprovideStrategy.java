package io.strata.dht;

import java.util.Locale;

/**
 * Which CIDs the node announces again every republish interval, as Kubo's {@code Reprovider.Strategy}:
 * {@code all} announces every block in the block store, walked a page at a time (new blocks are also provided
 * as they arrive, and the first walk starts shortly after start, so a restarted node announces what it holds),
 * {@code pinned} the roots and every block of recursive and direct pins, {@code roots} only the
 * pinned roots. CIDs provided explicitly are always reprovided.
 */
public enum ReprovideStrategy {
    ALL,
    PINNED,
    ROOTS;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReprovideStrategy byConfigName(String name) {
        for (ReprovideStrategy strategy : values()) {
            if (strategy.configName().equals(name)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown reprovide strategy '" + name + "': use all, pinned or roots");
    }
}

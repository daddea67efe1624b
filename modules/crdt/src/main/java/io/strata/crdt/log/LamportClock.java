package io.strata.crdt.log;

import java.util.Comparator;
import java.util.Objects;

/**
 * An OrbitDB log clock: the writer's id and a Lamport time. Ordered by time, then by id (as OrbitDB's
 * {@code compareClocks}, whose JavaScript string comparison is Java's UTF-16 {@link String#compareTo}).
 */
public record LamportClock(String id, long time) implements Comparable<LamportClock> {

    private static final Comparator<LamportClock> ORDER = Comparator.comparingLong(LamportClock::time)
            .thenComparing(LamportClock::id);

    public LamportClock {
        Objects.requireNonNull(id, "id");
        if (time < 0) {
            throw new IllegalArgumentException("Lamport time must not be negative: " + time);
        }
    }

    public LamportClock tick() {
        return new LamportClock(id, Math.addExact(time, 1));
    }

    @Override
    public int compareTo(LamportClock other) {
        return ORDER.compare(this, other);
    }
}

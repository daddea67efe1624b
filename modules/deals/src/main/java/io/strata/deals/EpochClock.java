package io.strata.deals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The current chain epoch. Everything in this module takes epochs from an injected clock, so tests can move
 * through months of epochs in an instant; nodes use {@link #fromClock} with the wall clock.
 */
@FunctionalInterface
public interface EpochClock {

    /** Filecoin's block time. */
    Duration EPOCH_DURATION = Duration.ofSeconds(30);
    long EPOCHS_PER_DAY = 2880;
    long EPOCHS_PER_HOUR = 120;

    long currentEpoch();

    /** Epochs counted from {@code genesis} on {@code clock}: epoch 0 is the 30 s starting at genesis. */
    static EpochClock fromClock(Clock clock, Instant genesis) {
        Objects.requireNonNull(clock, "clock");
        long genesisMillis = genesis.toEpochMilli();
        long epochMillis = EPOCH_DURATION.toMillis();
        return () -> Math.floorDiv(clock.millis() - genesisMillis, epochMillis);
    }

    /** The whole number of epochs in {@code duration}, rounded up: a deal must last at least as long as asked. */
    static long epochsCovering(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration " + duration);
        }
        long millis = duration.toMillis();
        return Math.floorDiv(millis + EPOCH_DURATION.toMillis() - 1, EPOCH_DURATION.toMillis());
    }
}

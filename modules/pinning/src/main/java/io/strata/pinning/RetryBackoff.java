package io.strata.pinning;

/**
 * Exponential backoff for a tracker's failed pin attempts: {@code baseMillis} after the first failure,
 * doubling up to {@code maxMillis}; after {@code maxAttempts} failures the node reports {@code pin_error}
 * and leaves the pin to the repair planner.
 */
public record RetryBackoff(long baseMillis, long maxMillis, int maxAttempts) {

    public RetryBackoff {
        if (baseMillis <= 0 || maxMillis < baseMillis || maxAttempts < 1) {
            throw new IllegalArgumentException("invalid backoff: base " + baseMillis + " max " + maxMillis
                    + " attempts " + maxAttempts);
        }
    }

    /** The delay before the next attempt after {@code failures} failed ones (at least 1). */
    public long delayAfter(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1: " + failures);
        }
        long delay = baseMillis;
        for (int failure = 1; failure < failures && delay < maxMillis; failure++) {
            delay = delay > maxMillis / 2 ? maxMillis : delay * 2;
        }
        return delay;
    }

    public boolean isExhausted(int failures) {
        return failures >= maxAttempts;
    }
}

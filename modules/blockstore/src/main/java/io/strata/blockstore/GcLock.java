package io.strata.blockstore;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.StampedLock;

/**
 * Keeps garbage collection away from work in progress, as Kubo's GC lock does. A collection holds the lock
 * exclusively from mark to sweep; anything that writes blocks it will pin afterwards (an add, a pin fetch,
 * an MFS change) holds it shared from the first block put until the pin or root is recorded, or the
 * collector could sweep the fresh, not yet pinned blocks. Holds are not tied to a thread, so one can be
 * taken on one worker thread and released on another.
 */
public final class GcLock {

    private final StampedLock lock = new StampedLock();

    /** Blocks while a collection runs. */
    public Hold shared() {
        long stamp = lock.readLock();
        return new Hold(() -> lock.unlockRead(stamp));
    }

    /** Blocks until every shared hold is released. */
    public Hold exclusive() {
        long stamp = lock.writeLock();
        return new Hold(() -> lock.unlockWrite(stamp));
    }

    /** A held lock; closing it more than once is harmless. */
    public static final class Hold implements AutoCloseable {

        private final Runnable release;
        private final AtomicBoolean released = new AtomicBoolean();

        private Hold(Runnable release) {
            this.release = release;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release.run();
            }
        }
    }
}

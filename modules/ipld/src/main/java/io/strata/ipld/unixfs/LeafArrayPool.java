package io.strata.ipld.unixfs;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Reusable arrays for the full-size leaf blocks of an import, for a sink that knows when the store has
 * copied a block's bytes and nothing reads them any more. Without it every 256 KiB leaf is a new array: the
 * JVM zeroes it before the chunk is read over it, and since a leaf lives until its batch is stored, young
 * collections copy it once or twice more; with a 512 MiB heap that was a fifth of an add's CPU.
 *
 * <p>Only arrays this pool handed out are taken back, each once, so a block the sink did not get from the
 * importer is never reused. Thread-safe.
 */
public final class LeafArrayPool {

    private final int capacity;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private final Set<byte[]> lent = Collections.newSetFromMap(new IdentityHashMap<>());

    /** @param capacity at most this many idle arrays are kept; more released arrays are left to the GC */
    public LeafArrayPool(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** An array of exactly {@code length} bytes with unspecified content, reused when one is idle. */
    synchronized byte[] take(int length) {
        byte[] array = free.poll();
        while (array != null && array.length != length) {
            array = free.poll();
        }
        if (array == null) {
            array = new byte[length];
        }
        lent.add(array);
        return array;
    }

    /**
     * Gives back an array once nothing reads or writes it any more; arrays this pool did not lend, or lent
     * and already took back, are ignored.
     */
    public synchronized void release(byte[] array) {
        if (lent.remove(array) && free.size() < capacity) {
            free.push(array);
        }
    }

    /** Arrays handed out and not yet released. */
    synchronized int lentCount() {
        return lent.size();
    }
}

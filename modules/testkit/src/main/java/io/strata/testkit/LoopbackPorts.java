package io.strata.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on loopback, for servers a test binds later or hands to a process it starts.
 *
 * <p>The ports come from just below the kernel's ephemeral range. A port the kernel picks for
 * {@code new ServerSocket(0)} is in that range, so once the probe closes, the next outgoing connection (a
 * cluster member dialling, a test's HTTP client) may take it as its local port, and a daemon started a moment
 * later cannot listen on it. Below the range only an explicit bind takes a port. No port is handed out twice
 * in one JVM.
 */
public final class LoopbackPorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LINUX_EPHEMERAL_LOW = 32768;
    private static final int LOWEST_UNPRIVILEGED = 1024;
    private static final int SPAN = 12_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LoopbackPorts() {
    }

    /** A port that nothing on 127.0.0.1 listens on now, outside the ephemeral range, new to this JVM. */
    public static int freePort() {
        int high = ephemeralLow();
        int low = Math.max(LOWEST_UNPRIVILEGED, high - SPAN);
        int span = high - low;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = low + (start + i) % span;
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port in " + low + ".." + (high - 1));
    }

    private static boolean bindable(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    static int ephemeralLow() {
        if (!Files.isReadable(EPHEMERAL_RANGE)) {
            return LINUX_EPHEMERAL_LOW;
        }
        try {
            // The first line, read as a stream: procfs reports a size of 0, which cuts readString short.
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

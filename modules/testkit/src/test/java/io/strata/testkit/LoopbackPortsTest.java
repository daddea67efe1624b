package io.strata.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


class LoopbackPortsTest {

    @Test
    void portsLieBelowTheEphemeralRangeAndAreNeverHandedOutTwice() {
        int ephemeralLow = LoopbackPorts.ephemeralLow();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = LoopbackPorts.freePort();
            assertTrue(port >= 1024 && port < ephemeralLow, port + " is not below " + ephemeralLow);
            ports.add(port);
        }
        assertEquals(200, ports.size());
    }

    @Test
    void aPortHandedOutCanBeListenedOn() throws IOException {
        int port = LoopbackPorts.freePort();
        try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, server.getLocalPort());
        }
    }
}

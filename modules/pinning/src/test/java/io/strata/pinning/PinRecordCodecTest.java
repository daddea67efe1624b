package io.strata.pinning;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PinRecordCodecTest {

    private static ClusterPin randomPin(long seed) {
        Random random = new Random(seed);
        Map<String, String> tags = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            tags.put("k" + random.nextInt(100), "v\u00e9" + random.nextInt());
            metadata.put("m" + random.nextInt(100), "\u2603" + random.nextLong());
        }
        List<String> origins = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            origins.add("/ip4/10.0.0." + random.nextInt(255) + "/tcp/4001/p2p/" + Fixtures.peer(i).toBase58());
        }
        int min = 1 + random.nextInt(3);
        ReplicationFactor replication = random.nextBoolean() ? ReplicationFactor.everyNode()
                : new ReplicationFactor(min, min + random.nextInt(3));
        return new ClusterPin(Fixtures.cid("c" + seed), "name " + random.nextInt(), PinMode.values()[random.nextInt(2)],
                replication, tags, Fixtures.peers(random.nextInt(4)), random.nextLong() & Long.MAX_VALUE,
                random.nextInt(2) * (random.nextLong() & Long.MAX_VALUE), metadata, origins);
    }

    @Property
    void pinsRoundTrip(@ForAll long seed) {
        ClusterPin pin = randomPin(seed);
        byte[] encoded = PinRecordCodec.encodePin(pin);

        assertEquals(pin, PinRecordCodec.decodePin(encoded));
        assertArrayEquals(encoded, PinRecordCodec.encodePin(PinRecordCodec.decodePin(encoded)));
    }

    @Property
    void statesRoundTrip(@ForAll @IntRange(min = 0, max = 6) int status, @ForAll String error,
                         @ForAll @IntRange(min = 0, max = 1000) int attempts, @ForAll long updatedAt) {
        NodePinState state = new NodePinState(PinStatus.values()[status], error, attempts, updatedAt);

        assertEquals(state, PinRecordCodec.decodeState(PinRecordCodec.encodeState(state)));
    }

    @Property(tries = 100)
    void everyTruncationIsRejectedAsMalformed(@ForAll long seed) {
        byte[] encoded = PinRecordCodec.encodePin(randomPin(seed));
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(encoded, length);
            PinningException failure = assertThrows(PinningException.class, () -> PinRecordCodec.decodePin(truncated));
            assertEquals(PinningException.Code.MALFORMED_RECORD, failure.code());
        }
    }

    @Property
    void arbitraryBytesDecodeOrFailPrecisely(@ForAll byte[] bytes) {
        try {
            PinRecordCodec.decodePin(bytes);
        } catch (PinningException failure) {
            assertEquals(PinningException.Code.MALFORMED_RECORD, failure.code());
        }
    }

    @Test
    void rejectsTrailingBytesAndUnknownVersions() {
        byte[] encoded = PinRecordCodec.encodeState(NodePinState.of(PinStatus.PINNED, 3));
        byte[] longer = java.util.Arrays.copyOf(encoded, encoded.length + 1);
        byte[] future = encoded.clone();
        future[0] = 9;

        assertThrows(PinningException.class, () -> PinRecordCodec.decodeState(longer));
        assertThrows(PinningException.class, () -> PinRecordCodec.decodeState(future));
    }
}

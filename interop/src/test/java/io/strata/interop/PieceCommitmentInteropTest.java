package io.strata.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.deals.PieceCid;
import io.strata.deals.PieceCommitment;
import io.strata.deals.PieceInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our piece CIDs against @web3-storage/data-segment 5.3.0's {@code Piece.fromPayload} ({@code .link} is the
 * v2 CID, {@code Piece.toInfo(piece).link} the v1 CID) for payload sizes at every power-of-two boundary of a
 * piece's unpadded capacity (127 * 2^k bytes and one byte either side) up to about 4 MiB, which also crosses
 * our 1 MiB hashing chunk several times, and below one 127-byte quad down to the empty payload (data-segment 5
 * accepts those, as FRC-0069 defines them, although its MIN_PAYLOAD_SIZE constant still says 65).
 */
class PieceCommitmentInteropTest {

    private static final long SEED = 0x5eed_c0aaL;

    private static NodeScripts scripts;

    @BeforeAll
    static void locateScripts() {
        scripts = NodeScripts.locate();
    }

    @Test
    void pieceCidsMatchDataSegment(@TempDir Path directory) throws IOException {
        TreeSet<Long> sizes = new TreeSet<>(List.of(0L, 1L, 10L, 64L, 65L, 100L, 127L, 128L, 129L, 254L, 255L,
                256L, 1016L, 1017L, 2032L, 2033L, 1_000_000L, 3_000_000L));
        for (int k = 0; k <= 15; k++) {
            long capacity = 127L << k;
            for (long size = capacity - 1; size <= capacity + 1; size++) {
                sizes.add(size);
            }
        }
        Path payload = TestData.randomFile(directory.resolve("payload.bin"), sizes.last(), SEED);

        ObjectNode request = NodeScripts.json().createObjectNode();
        ArrayNode requested = request.putArray("sizes");
        sizes.forEach(requested::add);
        JsonNode expected = scripts.run("piece-cid", request, Duration.ofMinutes(5), payload.toString());

        assertEquals(sizes.size(), expected.size());
        for (JsonNode reference : expected) {
            long size = reference.get("size").asLong();
            PieceInfo piece;
            try (InputStream prefix = TestData.prefix(payload, size)) {
                piece = PieceCommitment.of(prefix);
            }
            String label = size + " payload bytes";
            assertEquals(reference.get("v2").asText(), piece.toV2().toString(), label + ": v2 piece CID");
            assertEquals(reference.get("v1").asText(), piece.toV1().toString(), label + ": v1 piece CID");
            assertEquals(reference.get("height").asInt(), piece.height(), label + ": height");
            assertEquals(reference.get("padding").asLong(), piece.padding(), label + ": padding");
            assertEquals(reference.get("v2").asText(),
                    PieceCid.v2FromV1(PieceCid.parse(reference.get("v1").asText()), size).toString(),
                    label + ": v2 from data-segment's v1 and the payload size");
        }
    }
}

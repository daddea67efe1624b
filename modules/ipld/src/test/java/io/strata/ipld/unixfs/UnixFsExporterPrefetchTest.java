package io.strata.ipld.unixfs;

import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.multiformats.Cid;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnixFsExporterPrefetchTest {

    /** Records, in one timeline, which blocks were announced and which were fetched. */
    private static final class HintRecordingBlocks extends RecordingBlocks {
        final List<String> timeline = new ArrayList<>();
        final List<Cid> announced = new ArrayList<>();
        final List<Cid> retrieving = new ArrayList<>();

        @Override
        public byte[] get(Cid cid) {
            timeline.add("get " + cid);
            return super.get(cid);
        }

        @Override
        public void prefetch(List<Cid> upcoming) {
            for (Cid cid : upcoming) {
                timeline.add("hint " + cid);
                announced.add(cid);
            }
        }

        @Override
        public void retrieveAhead(List<Cid> later) {
            for (Cid cid : later) {
                timeline.add("retrieve " + cid);
                retrieving.add(cid);
            }
        }
    }

    @Test
    void everyBlockBelowTheRootIsAnnouncedBeforeItIsFetchedAndOnlyAFewAhead() throws Exception {
        byte[] content = new byte[64 * 1024 + 17];
        new Random(7).nextBytes(content);
        HintRecordingBlocks blocks = new HintRecordingBlocks();
        ImportOptions options = ImportOptions.defaults().withChunkSize(256).withMaxLinks(20);
        ImportedNode root = new UnixFsImporter(options).importFile(new ByteArrayInputStream(content), blocks);

        byte[] read;
        try (InputStream in = new UnixFsExporter(blocks).open(root.cid())) {
            read = in.readAllBytes();
        }

        assertArrayEquals(content, read);
        for (int i = 0; i < blocks.timeline.size(); i++) {
            String event = blocks.timeline.get(i);
            if (event.startsWith("get ") && !event.equals("get " + root.cid())) {
                String hint = "hint " + event.substring(4);
                assertTrue(blocks.timeline.subList(0, i).contains(hint), event + " was fetched unannounced");
            }
        }
        assertTrue(blocks.announced.size() < 2 * blocks.fetched.size(),
                "hints stay a bounded window ahead: " + blocks.announced.size() + " hints for "
                        + blocks.fetched.size() + " fetches");
    }

    @Test
    void blocksBeyondTheWindowAreAnnouncedForRetrievalOnceAndBeforeTheirPrefetch() throws Exception {
        HintRecordingBlocks blocks = new HintRecordingBlocks();
        byte[] content = new byte[600 * 256];
        new Random(11).nextBytes(content);
        ImportOptions options = ImportOptions.defaults().withChunkSize(256).withMaxLinks(1000).withRawLeaves(true);
        ImportedNode root = new UnixFsImporter(options).importFile(new ByteArrayInputStream(content), blocks);

        try (InputStream in = new UnixFsExporter(blocks).open(root.cid())) {
            assertArrayEquals(content, in.readAllBytes());
        }

        assertEquals(600 - FileDagReader.READ_AHEAD, blocks.retrieving.size());
        assertEquals(blocks.retrieving.size(), new java.util.HashSet<>(blocks.retrieving).size(), "each block once");
        assertTrue(blocks.announced.subList(0, FileDagReader.READ_AHEAD).stream().noneMatch(blocks.retrieving::contains),
                "the first window is prefetched, not retrieved ahead");
        for (Cid cid : blocks.retrieving) {
            int retrieved = blocks.timeline.indexOf("retrieve " + cid);
            int hinted = blocks.timeline.indexOf("hint " + cid);
            assertTrue(retrieved >= 0 && retrieved < hinted, cid + " is retrieved ahead before it is prefetched");
        }
    }

    @Test
    void aRangedReadRetrievesAheadOnlyWithinItsRange() throws Exception {
        HintRecordingBlocks blocks = new HintRecordingBlocks();
        byte[] content = new byte[600 * 256];
        new Random(12).nextBytes(content);
        ImportOptions options = ImportOptions.defaults().withChunkSize(256).withMaxLinks(1000).withRawLeaves(true);
        ImportedNode root = new UnixFsImporter(options).importFile(new ByteArrayInputStream(content), blocks);

        try (InputStream in = new UnixFsExporter(blocks).open(root.cid(), 100L * 256 + 10, 40L * 256)) {
            assertEquals(40 * 256, in.readAllBytes().length);
        }
        // the range touches children 100..140 (41 blocks, the first and last partly): the first 16 are
        // prefetched, the other 25 retrieved ahead, nothing past the range
        assertEquals(41 - FileDagReader.READ_AHEAD, blocks.retrieving.size(), blocks.retrieving.toString());
    }

    @Test
    void theNextNodesLeavesAreRetrievedAheadBeforeTheReadLeavesTheCurrentNode() throws Exception {
        HintRecordingBlocks blocks = new HintRecordingBlocks();
        byte[] content = new byte[3 * 200 * 256];
        new Random(13).nextBytes(content);
        ImportOptions options = ImportOptions.defaults().withChunkSize(256).withMaxLinks(200).withRawLeaves(true);
        ImportedNode root = new UnixFsImporter(options).importFile(new ByteArrayInputStream(content), blocks);

        try (InputStream in = new UnixFsExporter(blocks).open(root.cid())) {
            assertArrayEquals(content, in.readAllBytes());
        }

        List<PbLink> nodes = DagPb.decode(blocks.byCid.get(root.cid())).links();
        assertEquals(3, nodes.size());
        for (int i = 1; i < nodes.size(); i++) {
            List<PbLink> previousLeaves = DagPb.decode(blocks.byCid.get(nodes.get(i - 1).hash())).links();
            int lastReadBefore = blocks.timeline.indexOf("get " + previousLeaves.get(previousLeaves.size() - 1).hash());
            for (PbLink leaf : DagPb.decode(blocks.byCid.get(nodes.get(i).hash())).links()) {
                int retrieved = blocks.timeline.indexOf("retrieve " + leaf.hash());
                int prefetched = blocks.timeline.indexOf("hint " + leaf.hash());
                int announced = retrieved >= 0 ? retrieved : prefetched;
                assertTrue(announced >= 0 && announced < lastReadBefore,
                        leaf.hash() + " of node " + i + " is announced before the read leaves node " + (i - 1));
            }
        }
    }
}

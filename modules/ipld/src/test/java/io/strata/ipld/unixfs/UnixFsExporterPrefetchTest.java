package io.strata.ipld.unixfs;

import io.strata.multiformats.Cid;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnixFsExporterPrefetchTest {

    /** Records, in one timeline, which blocks were announced and which were fetched. */
    private static final class HintRecordingBlocks extends RecordingBlocks {
        final List<String> timeline = new ArrayList<>();
        final List<Cid> announced = new ArrayList<>();

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
}

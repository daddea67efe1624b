package io.strata.ipld.unixfs;

import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CIDs Kubo's {@code ipfs add} prints for the same input and options. */
class UnixFsImporterKnownCidsTest {

    private static final byte[] HELLO = "hello world\n".getBytes(StandardCharsets.UTF_8);

    private static ImportedNode add(ImportOptions options, byte[] content, RecordingBlocks blocks) {
        return new UnixFsImporter(options).importBytes(content, blocks);
    }

    @Test
    void helloWorldWithDefaults() {
        RecordingBlocks blocks = new RecordingBlocks();
        ImportedNode node = add(ImportOptions.defaults(), HELLO, blocks);
        assertEquals("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o", node.cid().toString());
        assertEquals(12, node.contentSize());
        assertEquals(1, blocks.received.size());
        assertEquals(node.dagSize(), blocks.received.get(0).size());
    }

    @Test
    void helloWorldWithCidVersion1UsesARawLeaf() {
        RecordingBlocks blocks = new RecordingBlocks();
        ImportedNode node = add(ImportOptions.defaults().withCidVersion(1), HELLO, blocks);
        assertEquals("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4", node.cid().toString());
        assertArrayEquals(HELLO, blocks.received.get(0).data());
        assertEquals(12, node.dagSize());
    }

    @Test
    void emptyFileWithDefaults() {
        RecordingBlocks blocks = new RecordingBlocks();
        ImportedNode node = add(ImportOptions.defaults(), new byte[0], blocks);
        assertEquals("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", node.cid().toString());
        assertArrayEquals(new byte[] {0x0a, 0x04, 0x08, 0x02, 0x18, 0x00}, blocks.received.get(0).data());
        assertEquals(0, node.contentSize());
    }

    @Test
    void emptyFileWithRawLeavesIsTheEmptyRawBlock() {
        RecordingBlocks blocks = new RecordingBlocks();
        ImportedNode node = add(ImportOptions.defaults().withCidVersion(1), new byte[0], blocks);
        assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", node.cid().toString());
    }

    @Test
    void emptyFileWithTrickleIsAFileNodeEvenWithRawLeaves() {
        RecordingBlocks blocks = new RecordingBlocks();
        ImportedNode node = add(ImportOptions.defaults().withLayout(Layout.TRICKLE).withRawLeaves(true),
                new byte[0], blocks);
        assertEquals("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", node.cid().toString());
    }

    @Test
    void rawLeavesUnderCidVersion0AreCidVersion1RawBlocks() {
        RecordingBlocks blocks = new RecordingBlocks();
        ImportedNode node = add(ImportOptions.defaults().withRawLeaves(true), HELLO, blocks);
        assertEquals("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4", node.cid().toString());

        ImportedNode twoLeaves = add(ImportOptions.defaults().withRawLeaves(true).withChunkSize(6), HELLO,
                new RecordingBlocks());
        assertEquals(0, twoLeaves.cid().version());
    }

    @Test
    void inlineNamesSmallBlocksByIdentity() {
        RecordingBlocks blocks = new RecordingBlocks();
        ImportedNode node = add(ImportOptions.defaults().withCidVersion(1).withInline(true, 32), HELLO, blocks);
        Cid cid = node.cid();
        assertEquals(Multicodec.IDENTITY.code(), cid.multihash().function());
        assertEquals(Multicodec.RAW.code(), cid.codec());
        assertArrayEquals(HELLO, cid.multihash().digest());
        assertTrue(blocks.received.isEmpty(), "identity blocks travel in their CID, not to the sink");
    }
}

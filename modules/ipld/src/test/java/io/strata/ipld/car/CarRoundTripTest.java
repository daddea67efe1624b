package io.strata.ipld.car;

import io.strata.ipld.Block;
import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CarRoundTripTest {

    private static final Cid BAFKQAAA = Cid.parse("bafkqaaa");

    private static List<Block> sampleBlocks() {
        Random random = new Random(7);
        List<Block> blocks = new ArrayList<>();
        for (int size : new int[] {0, 1, 127, 128, 300, 70_000}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            blocks.add(new Block(Cid.of(Multicodec.RAW, Multicodec.SHA2_256, data), data));
        }
        byte[] pb = {0x0a, 0x02, 0x08, 0x01};
        blocks.add(new Block(Cid.v0(Multihash.sha256(pb)), pb));
        blocks.add(new Block(Cid.of(Multicodec.DAG_CBOR, Multicodec.BLAKE2B_256, new byte[] {(byte) 0xf6}),
                new byte[] {(byte) 0xf6}));
        return blocks;
    }

    private static byte[] writeCar(List<Cid> roots, List<Block> blocks) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter writer = CarWriter.create(out, roots)) {
            for (Block block : blocks) {
                writer.write(block);
            }
            assertEquals(blocks.size(), writer.blocksWritten());
            assertEquals(out.size(), writer.bytesWritten());
        }
        return out.toByteArray();
    }

    private static List<Block> readAll(CarReader reader) throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (Optional<Block> block = reader.next(); block.isPresent(); block = reader.next()) {
            blocks.add(block.get());
        }
        return blocks;
    }

    @Test
    void writtenBlocksReadBackInOrder() throws IOException {
        List<Block> blocks = sampleBlocks();
        List<Cid> roots = List.of(blocks.get(2).cid(), blocks.get(6).cid());
        byte[] car = writeCar(roots, blocks);
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(car))) {
            assertEquals(1, reader.version());
            assertEquals(roots, reader.roots());
            List<Block> read = readAll(reader);
            assertEquals(blocks.size(), read.size());
            for (int i = 0; i < blocks.size(); i++) {
                assertEquals(blocks.get(i).cid(), read.get(i).cid());
                assertArrayEquals(blocks.get(i).data(), read.get(i).data());
            }
            assertEquals(car.length, reader.offset());
        }
    }

    @Test
    void headerIsTheDagCborMapOfRootsAndVersion() {
        byte[] header = CarWriter.header(List.of(BAFKQAAA));
        assertEquals("a265726f6f747381d82a450001550000" + "6776657273696f6e01", HexFormat.of().formatHex(header));
        IpldException error = assertThrows(IpldException.class, () -> CarWriter.header(List.of()));
        assertEquals(IpldException.Code.CAR_MALFORMED, error.code());
    }

    @Test
    void theSpecFixtureCarv1BasicReads() throws IOException {
        try (CarReader reader = CarReader.open(resource("/car/carv1-basic.car"))) {
            assertEquals(List.of(Cid.parse("bafyreihyrpefhacm6kkp4ql6j6udakdit7g3dmkzfriqfykhjw6cad5lrm"),
                    Cid.parse("bafyreidj5idub6mapiupjwjsyyxhyhedxycv4vihfsicm2vt46o7morwlm")), reader.roots());
            List<String> cids = readAll(reader).stream().map(block -> block.cid().toString()).toList();
            assertEquals(List.of(
                    "bafyreihyrpefhacm6kkp4ql6j6udakdit7g3dmkzfriqfykhjw6cad5lrm",
                    "QmNX6Tffavsya4xgBi2VJQnSuqy9GsxongxZZ9uZBqp16d",
                    "bafkreifw7plhl6mofk6sfvhnfh64qmkq73oeqwl6sloru6rehaoujituke",
                    "QmWXZxVQ9yZfhQxLD35eDR8LiMRsYtHxYqTFCBbJoiJVys",
                    "bafkreiebzrnroamgos2adnbpgw5apo3z4iishhbdx77gldnbk57d4zdio4",
                    "QmdwjhxpxzcMsR3qUuj7vUL8pbA7MgR3GAxWi2GLHjsKCT",
                    "bafkreidbxzk2ryxwwtqxem4l3xyyjvw35yu4tcct4cqeqxwo47zhxgxqwq",
                    "bafyreidj5idub6mapiupjwjsyyxhyhedxycv4vihfsicm2vt46o7morwlm"), cids);
            assertEquals(715, reader.offset(), "the fixture's last block ends at 697 + 18");
        }
    }

    @Test
    void theSpecFixtureCarv2BasicReadsThroughToItsPayload() throws IOException {
        try (CarReader reader = CarReader.open(resource("/car/carv2-basic.car"))) {
            assertEquals(2, reader.version());
            assertEquals(List.of(Cid.parse("QmfEoLyB5NndqeKieExd1rtJzTduQUPEV8TwAYcUiy3H5Z")), reader.roots());
            List<String> cids = readAll(reader).stream().map(block -> block.cid().toString()).toList();
            assertEquals(List.of("QmfEoLyB5NndqeKieExd1rtJzTduQUPEV8TwAYcUiy3H5Z",
                    "QmczfirA7VEH7YVvKPTPoU69XM3qY4DC39nnTsWd4K3SkM", "Qmcpz2FHJD7VAhg1fxFXdYJKePtkx1BsHuCrAgWVnaHMTE",
                    "bafkreifuosuzujyf4i6psbneqtwg2fhplc2wxptc5euspa2gn3bwhnihfu",
                    "bafkreifc4hca3inognou377hfhvu2xfchn2ltzi7yu27jkaeujqqqdbjju"), cids);
            assertEquals(51 + 448, reader.offset(), "reading stops at the end of the payload, before the index");
        }
    }

    @Test
    void aCorruptedBlockIsRefused() throws IOException {
        List<Block> blocks = sampleBlocks();
        byte[] car = writeCar(List.of(blocks.get(0).cid()), blocks);
        byte[] corrupted = car.clone();
        corrupted[corrupted.length - 1] ^= 1;
        IpldException error = assertThrows(IpldException.class, () -> readAll(CarReader.open(new ByteArrayInputStream(corrupted))));
        assertEquals(IpldException.Code.CAR_BLOCK_MISMATCH, error.code(), error.getMessage());
    }

    @Test
    void everyFlippedByteInBlockDataIsCaught() throws IOException {
        Block block = sampleBlocks().get(3);
        byte[] car = writeCar(List.of(block.cid()), List.of(block));
        for (int i = car.length - block.size(); i < car.length; i++) {
            byte[] corrupted = car.clone();
            corrupted[i] ^= (byte) 0x80;
            IpldException error = assertThrows(IpldException.class,
                    () -> readAll(CarReader.open(new ByteArrayInputStream(corrupted))));
            assertEquals(IpldException.Code.CAR_BLOCK_MISMATCH, error.code());
        }
    }

    @Test
    void everyTruncationInsideTheHeaderOrASectionIsRefusedWithItsOffset() throws IOException {
        List<Block> blocks = sampleBlocks().subList(0, 4);
        byte[] car = writeCar(List.of(blocks.get(1).cid()), blocks);
        List<Integer> boundaries = sectionBoundaries(car);
        for (int length = 0; length < car.length; length++) {
            byte[] truncated = Arrays.copyOf(car, length);
            if (boundaries.contains(length)) {
                List<Block> read = readAll(CarReader.open(new ByteArrayInputStream(truncated)));
                assertEquals(boundaries.indexOf(length), read.size(), "a cut between sections is a shorter CAR");
                continue;
            }
            IpldException error = assertThrows(IpldException.class,
                    () -> readAll(CarReader.open(new ByteArrayInputStream(truncated))), "cut at " + length);
            assertEquals(IpldException.Code.CAR_MALFORMED, error.code(), error.getMessage());
            assertTrue(error.getMessage().contains("at byte "), error.getMessage());
        }
    }

    /** Offsets where a section ends (the first is the end of the header). */
    private static List<Integer> sectionBoundaries(byte[] car) throws IOException {
        List<Integer> boundaries = new ArrayList<>();
        CarReader reader = CarReader.open(new ByteArrayInputStream(car));
        boundaries.add((int) reader.offset());
        while (reader.next().isPresent()) {
            boundaries.add((int) reader.offset());
        }
        return boundaries;
    }

    @Test
    void truncationMessagesNameTheSectionStart() throws IOException {
        Block block = sampleBlocks().get(4);
        byte[] car = writeCar(List.of(block.cid()), List.of(block));
        int headerEnd = car.length - block.size() - block.cid().length() - 2;
        byte[] truncated = Arrays.copyOf(car, car.length - 10);
        IpldException error = assertThrows(IpldException.class,
                () -> readAll(CarReader.open(new ByteArrayInputStream(truncated))));
        assertEquals("CAR: truncated section: declared " + (block.size() + block.cid().length()) + " bytes, only "
                + (block.size() + block.cid().length() - 10) + " present (input ends at byte " + truncated.length
                + ") (at byte " + headerEnd + ")", error.getMessage());
    }

    @Test
    void absurdLengthsAreRefusedBeforeAllocating() throws IOException {
        byte[] hugeHeader = HexFormat.of().parseHex("ffffffff0f");
        IpldException header = assertThrows(IpldException.class,
                () -> CarReader.open(new ByteArrayInputStream(hugeHeader)));
        assertEquals(IpldException.Code.CAR_MALFORMED, header.code());
        assertTrue(header.getMessage().contains("exceeds the limit"), header.getMessage());

        Block block = sampleBlocks().get(5);
        byte[] car = writeCar(List.of(block.cid()), List.of(block));
        IpldException section = assertThrows(IpldException.class,
                () -> readAll(CarReader.open(new ByteArrayInputStream(car), new CarReader.Limits(1024, 1024))));
        assertEquals(IpldException.Code.CAR_MALFORMED, section.code());
        assertTrue(section.getMessage().contains("section length 70036 exceeds the limit of 1024"), section.getMessage());
    }

    @Test
    void malformedHeadersAreRefused() {
        for (String hex : List.of("", "00", "01f6", "02a0", "0ca167766572736f6e03ff", "0aa16776657273696f6e03",
                "1aa265726f6f747381d82a4500015500006776657273696f6e02", "11a265726f6f7473f66776657273696f6e01")) {
            byte[] bytes = HexFormat.of().parseHex(hex);
            IpldException error = assertThrows(IpldException.class,
                    () -> CarReader.open(new ByteArrayInputStream(bytes)), hex);
            assertEquals(IpldException.Code.CAR_MALFORMED, error.code(), error.getMessage());
        }
    }

    @Test
    void aZeroLengthSectionIsRefused() throws IOException {
        byte[] car = writeCar(List.of(BAFKQAAA), List.of());
        byte[] withEmptySection = Arrays.copyOf(car, car.length + 1);
        IpldException error = assertThrows(IpldException.class,
                () -> readAll(CarReader.open(new ByteArrayInputStream(withEmptySection))));
        assertEquals(IpldException.Code.CAR_MALFORMED, error.code());
    }

    @Test
    void blocksWithUnverifiableHashesAreUnsupported() throws IOException {
        byte[] data = {1, 2, 3};
        Cid murmur = Cid.v1(Multicodec.RAW, Multihash.of(0x22, new byte[] {9, 9, 9, 9}));
        byte[] car = writeCar(List.of(murmur), List.of(new Block(murmur, data)));
        IpldException error = assertThrows(IpldException.class, () -> readAll(CarReader.open(new ByteArrayInputStream(car))));
        assertEquals(IpldException.Code.UNSUPPORTED, error.code());
    }

    private static InputStream resource(String name) {
        return CarRoundTripTest.class.getResourceAsStream(name);
    }
}

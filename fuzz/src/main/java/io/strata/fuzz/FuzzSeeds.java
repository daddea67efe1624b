package io.strata.fuzz;

import com.google.protobuf.ByteString;
import io.strata.bitswap.BitswapMessage;
import io.strata.bitswap.BitswapMessageCodec;
import io.strata.bitswap.PresenceType;
import io.strata.bitswap.WantType;
import io.strata.crypto.Ed25519PrivateKey;
import io.strata.ipld.Block;
import io.strata.ipld.codec.DagCbor;
import io.strata.ipld.car.CarWriter;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.dagpb.PbLink;
import io.strata.ipld.dagpb.PbNode;
import io.strata.ipld.unixfs.ImportOptions;
import io.strata.ipld.unixfs.UnixFsImporter;
import io.strata.ipns.IpnsRecord;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.proto.kademlia.KademliaProtos.Message;
import io.strata.proto.kademlia.KademliaProtos.Record;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Seed inputs for the fuzzers: real blocks, archives, messages and records made by our own encoders, plus the
 * IPLD codec and CAR fixtures. Deterministic (fixed content, fixed keys), so a corpus is reproducible.
 */
public final class FuzzSeeds {

    public static final String MULTIPART_BOUNDARY = "strata-fuzz-boundary";
    public static final Instant IPNS_NOW = Instant.parse("2026-01-01T00:00:00Z");
    public static final Ed25519PrivateKey IPNS_KEY = Ed25519PrivateKey.fromSeed(new byte[Ed25519PrivateKey.SEED_LENGTH]);

    private FuzzSeeds() {
    }

    /** Blocks of a small UnixFS file: a file root with links, and its leaves, as the importer writes them. */
    public static List<Block> unixFsBlocks() {
        List<Block> blocks = new ArrayList<>();
        byte[] content = new byte[3000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + i / 7);
        }
        new UnixFsImporter(ImportOptions.defaults().withChunkSize(1024).withRawLeaves(false)).importBytes(content, blocks::add);
        new UnixFsImporter(ImportOptions.defaults().withCidVersion(1).withChunkSize(1024)).importBytes(content, blocks::add);
        return blocks;
    }

    public static List<byte[]> dagPb() {
        List<byte[]> seeds = new ArrayList<>();
        for (Block block : unixFsBlocks()) {
            if (block.cid().codec() == Multicodec.DAG_PB.code()) {
                seeds.add(block.data());
            }
        }
        Cid target = Cid.of(Multicodec.RAW, Multicodec.SHA2_256, "leaf".getBytes(StandardCharsets.UTF_8));
        seeds.add(DagPb.encode(DagPb.canonical(List.of(new PbLink(target, "a", 4L), new PbLink(target, "", null)), new byte[] {8, 1})));
        seeds.add(DagPb.encode(DagPb.canonical(List.of(), new byte[0])));
        return seeds;
    }

    public static List<byte[]> dagCbor(Path ipldTestResources) {
        List<byte[]> seeds = new ArrayList<>(fixtures(ipldTestResources.resolve("codec-fixtures"), ".dag-cbor"));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("link", Cid.of(Multicodec.DAG_CBOR, Multicodec.SHA2_256, new byte[] {1}));
        value.put("list", List.of(1L, -2L, 1.5, "text", new byte[] {1, 2}, true));
        value.put("nested", Map.of("null", Map.of()));
        seeds.add(DagCbor.encode(value));
        return seeds;
    }

    public static List<byte[]> car(Path ipldTestResources) {
        List<byte[]> seeds = new ArrayList<>(fixtures(ipldTestResources.resolve("car"), ".car"));
        List<Block> blocks = unixFsBlocks();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter writer = CarWriter.create(out, List.of(blocks.get(blocks.size() - 1).cid()))) {
            for (Block block : blocks.subList(0, Math.min(4, blocks.size()))) {
                writer.write(block);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        seeds.add(out.toByteArray());
        return seeds;
    }

    public static List<byte[]> bitswapMessages() {
        List<Block> blocks = unixFsBlocks();
        Block small = blocks.get(0);
        Block raw = blocks.stream().filter(b -> b.cid().codec() == Multicodec.RAW.code()).findFirst().orElse(small);
        return List.of(
                BitswapMessageCodec.encode(BitswapMessage.wants(List.of(
                        BitswapMessage.Entry.want(small.cid(), 10, WantType.BLOCK, true),
                        BitswapMessage.Entry.want(raw.cid(), 5, WantType.HAVE, false),
                        BitswapMessage.Entry.cancel(blocks.get(1).cid())), true)),
                BitswapMessageCodec.encode(new BitswapMessage(List.of(), false, List.of(small, raw),
                        List.of(new BitswapMessage.Presence(blocks.get(1).cid(), PresenceType.DONT_HAVE),
                                new BitswapMessage.Presence(raw.cid(), PresenceType.HAVE)), 4096)));
    }

    public static List<byte[]> kademliaMessages() {
        byte[] peerId = IPNS_KEY.publicKey().peerId().bytes();
        Message.Peer peer = Message.Peer.newBuilder()
                .setId(ByteString.copyFrom(peerId))
                .addAddrs(ByteString.copyFrom(new byte[] {4, 127, 0, 0, 1, 6, 0x0f, (byte) 0xa1}))
                .setConnection(Message.ConnectionType.CONNECTED)
                .build();
        byte[] key = unixFsBlocks().get(0).cid().multihash().bytes();
        return List.of(
                Message.newBuilder().setType(Message.MessageType.FIND_NODE).setKey(ByteString.copyFrom(peerId)).build().toByteArray(),
                Message.newBuilder().setType(Message.MessageType.GET_PROVIDERS).setKey(ByteString.copyFrom(key))
                        .addCloserPeers(peer).addProviderPeers(peer).build().toByteArray(),
                Message.newBuilder().setType(Message.MessageType.PUT_VALUE).setKey(ByteString.copyFrom(key))
                        .setRecord(Record.newBuilder().setKey(ByteString.copyFrom(key))
                                .setValue(ByteString.copyFrom(ipnsRecords().get(0))))
                        .build().toByteArray(),
                Message.newBuilder().setType(Message.MessageType.PING).build().toByteArray());
    }

    public static List<byte[]> ipnsRecords() {
        String value = "/ipfs/" + unixFsBlocks().get(0).cid();
        return List.of(
                IpnsRecord.create(IPNS_KEY, value, 1, IPNS_NOW.plusSeconds(3600), Duration.ofMinutes(5)).marshal(),
                IpnsRecord.create(IPNS_KEY, "/ipns/k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8", 7,
                        IPNS_NOW.minusSeconds(60), Duration.ZERO).marshal());
    }

    public static List<byte[]> multipartBodies() {
        String crlf = "\r\n";
        String dash = "--" + MULTIPART_BOUNDARY;
        String twoFiles = dash + crlf
                + "Content-Disposition: form-data; name=\"file\"; filename=\"docs%2Fa.txt\"" + crlf
                + "Content-Type: application/octet-stream" + crlf + crlf
                + "hello" + crlf + dash + crlf
                + "Content-Disposition: form-data; name=\"file\"; filename=\"docs\"" + crlf
                + "Content-Type: application/x-directory" + crlf + crlf
                + crlf + dash + "--" + crlf;
        String preambleAndPadding = "preamble" + crlf + dash + " \t" + crlf
                + "Content-Disposition: form-data; name=\"file\"" + crlf + crlf
                + "body with --" + MULTIPART_BOUNDARY.substring(0, 6) + " inside" + crlf + dash + "--";
        return List.of(twoFiles.getBytes(StandardCharsets.ISO_8859_1), preambleAndPadding.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static List<byte[]> fixtures(Path directory, String suffix) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(path -> path.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .map(FuzzSeeds::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fixtures under " + directory, e);
        }
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

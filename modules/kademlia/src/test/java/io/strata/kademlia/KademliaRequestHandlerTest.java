package io.strata.kademlia;

import com.google.protobuf.ByteString;
import io.strata.proto.kademlia.KademliaProtos.Message;
import io.strata.proto.kademlia.KademliaProtos.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static io.strata.kademlia.TestPeers.peer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KademliaRequestHandlerTest {

    private static final byte[] ADDRESS = {0x04, 127, 0, 0, 1};
    private final KademliaPeer self = peer(-1);
    private final KademliaPeer requester = peer(0);
    private final KademliaRoutingTable table = new KademliaRoutingTable(self.key(), 20);
    private final ProviderStore providers = new ProviderStore(KademliaConfig.DEFAULT.providerRecordTtl());
    private final ValueStore values = new ValueStore(KademliaNetworkSimulator.GREATEST_VALUE_WINS);
    private final KademliaRequestHandler handler =
            new KademliaRequestHandler(table, providers, values, peer -> List.of(ADDRESS));

    @BeforeEach
    void fillTable() {
        IntStream.range(0, 300).forEach(i -> table.seen(peer(i)));
    }

    private static Message request(Message.MessageType type, byte[] key) {
        return Message.newBuilder().setType(type).setKey(ByteString.copyFrom(key)).build();
    }

    @Test
    void findNodeAnswersWithTheClosestPeersButNeverTheRequester() {
        byte[] target = requester.id();
        Message response = handler.handle(requester, request(Message.MessageType.FIND_NODE, target), 0).orElseThrow();
        List<KademliaPeer> closer = KademliaWire.peers(response.getCloserPeersList());
        KademliaKey key = KademliaKey.ofPeerId(target);
        List<KademliaPeer> expected = IntStream.range(1, 300).mapToObj(TestPeers::peer)
                .filter(table::contains)
                .sorted(Comparator.comparing(p -> p.key().xor(key))).limit(20).toList();
        assertEquals(expected, closer);
        assertEquals(ByteString.copyFrom(ADDRESS), response.getCloserPeers(0).getAddrs(0));
        assertEquals(Message.MessageType.FIND_NODE, response.getType());
    }

    @Test
    void addProviderOnlyAcceptsTheSenderItselfAndGetProvidersReturnsIt() {
        byte[] multihash = io.strata.multiformats.Multihash.sha256("content".getBytes(StandardCharsets.UTF_8)).bytes();
        Message announce = request(Message.MessageType.ADD_PROVIDER, multihash).toBuilder()
                .addProviderPeers(Message.Peer.newBuilder().setId(ByteString.copyFrom(requester.id())))
                .addProviderPeers(Message.Peer.newBuilder().setId(ByteString.copyFrom(peer(5).id())))
                .build();
        assertTrue(handler.handle(requester, announce, 0).isEmpty());
        Message response = handler.handle(peer(7), request(Message.MessageType.GET_PROVIDERS, multihash), 1)
                .orElseThrow();
        assertEquals(List.of(requester), KademliaWire.peers(response.getProviderPeersList()));
        assertEquals(20, response.getCloserPeersCount());
    }

    @Test
    void putValueStoresAValidRecordThatGetValueReturns() {
        byte[] key = "/v/name".getBytes(StandardCharsets.UTF_8);
        Message put = request(Message.MessageType.PUT_VALUE, key).toBuilder()
                .setRecord(Record.newBuilder().setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(new byte[] {7})))
                .build();
        assertEquals(put, handler.handle(requester, put, 1_000).orElseThrow());
        Message response = handler.handle(requester, request(Message.MessageType.GET_VALUE, key), 2_000).orElseThrow();
        assertArrayEquals(new byte[] {7}, response.getRecord().getValue().toByteArray());
        assertEquals("1970-01-01T00:00:01Z", response.getRecord().getTimeReceived());
    }

    @Test
    void rejectsPutValueWithAMismatchedOrInvalidRecord() {
        byte[] key = "/v/name".getBytes(StandardCharsets.UTF_8);
        Message mismatched = request(Message.MessageType.PUT_VALUE, key).toBuilder()
                .setRecord(Record.newBuilder().setKey(ByteString.copyFromUtf8("/v/other")).setValue(ByteString.copyFrom(new byte[] {1})))
                .build();
        assertEquals(KademliaException.Code.INVALID_RECORD,
                assertThrows(KademliaException.class, () -> handler.handle(requester, mismatched, 0)).code());
        Message empty = request(Message.MessageType.PUT_VALUE, key).toBuilder()
                .setRecord(Record.newBuilder().setKey(ByteString.copyFrom(key))).build();
        assertEquals(KademliaException.Code.INVALID_RECORD,
                assertThrows(KademliaException.class, () -> handler.handle(requester, empty, 0)).code());
    }

    @Test
    void rejectsRequestsWithoutAKey() {
        assertEquals(KademliaException.Code.INVALID_ARGUMENT, assertThrows(KademliaException.class,
                () -> handler.handle(requester, request(Message.MessageType.FIND_NODE, new byte[0]), 0)).code());
    }

    @Test
    void malformedBytesAndPeersWithoutIdsAreReported() {
        assertEquals(KademliaException.Code.MALFORMED_MESSAGE,
                assertThrows(KademliaException.class, () -> KademliaWire.parse(new byte[] {0x0a, 0x05, 0x01})).code());
        assertEquals(KademliaException.Code.MALFORMED_MESSAGE, assertThrows(KademliaException.class,
                () -> KademliaWire.peers(List.of(Message.Peer.getDefaultInstance()))).code());
    }

    @Test
    void pingIsEchoed() {
        Message ping = Message.newBuilder().setType(Message.MessageType.PING).build();
        assertEquals(ping, handler.handle(requester, KademliaWire.parse(ping.toByteArray()), 0).orElseThrow());
    }
}

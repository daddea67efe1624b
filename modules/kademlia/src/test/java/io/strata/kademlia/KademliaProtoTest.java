package io.strata.kademlia;

import com.google.protobuf.ByteString;
import io.strata.proto.kademlia.KademliaProtos.Message;
import io.strata.proto.kademlia.KademliaProtos.Record;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Field numbers and enum values of /ipfs/kad/1.0.0, checked against hand-encoded protobuf bytes. */
class KademliaProtoTest {

    @Test
    void encodesEveryFieldWithTheSpecNumbers() {
        Message message = Message.newBuilder()
                .setType(Message.MessageType.GET_PROVIDERS)
                .setKey(ByteString.copyFrom(new byte[] {0x01}))
                .setRecord(Record.newBuilder()
                        .setKey(ByteString.copyFrom(new byte[] {0x02}))
                        .setValue(ByteString.copyFrom(new byte[] {0x03}))
                        .setTimeReceived("t"))
                .addCloserPeers(Message.Peer.newBuilder()
                        .setId(ByteString.copyFrom(new byte[] {0x04}))
                        .addAddrs(ByteString.copyFrom(new byte[] {0x05}))
                        .setConnection(Message.ConnectionType.CAN_CONNECT))
                .addProviderPeers(Message.Peer.newBuilder().setId(ByteString.copyFrom(new byte[] {0x06})))
                .setClusterLevelRaw(7)
                .build();
        String expected = "0803"                 // 1: type = GET_PROVIDERS (3)
                + "120101"                       // 2: key
                + "1a09" + "0a0102" + "120103" + "2a0174" // 3: record {1: key, 2: value, 5: timeReceived}
                + "4208" + "0a0104" + "120105" + "1802"   // 8: closerPeers {1: id, 2: addrs, 3: CAN_CONNECT}
                + "4a03" + "0a0106"              // 9: providerPeers {1: id}
                + "5007";                        // 10: clusterLevelRaw
        assertEquals(expected, HexFormat.of().formatHex(message.toByteArray()));
    }

    @Test
    void messageTypesHaveTheSpecValues() {
        assertEquals(0, Message.MessageType.PUT_VALUE.getNumber());
        assertEquals(1, Message.MessageType.GET_VALUE.getNumber());
        assertEquals(2, Message.MessageType.ADD_PROVIDER.getNumber());
        assertEquals(3, Message.MessageType.GET_PROVIDERS.getNumber());
        assertEquals(4, Message.MessageType.FIND_NODE.getNumber());
        assertEquals(5, Message.MessageType.PING.getNumber());
        assertEquals(3, Message.ConnectionType.CANNOT_CONNECT.getNumber());
    }
}

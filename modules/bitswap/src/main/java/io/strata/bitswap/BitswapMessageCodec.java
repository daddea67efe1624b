package io.strata.bitswap;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.strata.bitswap.BitswapException.Code;
import io.strata.ipld.Block;
import io.strata.multiformats.Cid;
import io.strata.multiformats.MultiformatException;
import io.strata.multiformats.Multicodec;
import io.strata.multiformats.Multihash;
import io.strata.multiformats.Varint;
import io.strata.proto.bitswap.BitswapProtos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bitswap messages to and from their protobuf bytes (the body of one length-prefixed frame; framing
 * belongs to the transport). Blocks travel as a CID prefix plus data, and the receiver rebuilds the CID
 * by hashing the data, so a block can never arrive under a name its bytes do not have.
 */
public final class BitswapMessageCodec {

    private static final long DAG_PB = Multicodec.DAG_PB.code();
    private static final long SHA2_256 = Multicodec.SHA2_256.code();

    private BitswapMessageCodec() {
    }

    public static byte[] encode(BitswapMessage message) {
        return toProto(message).toByteArray();
    }

    /**
     * The message as its protobuf, checked against the size limits, for a transport that writes it straight
     * into its own buffer. Block data is wrapped, not copied (blocks are never modified once made), so
     * building it costs no copy of the payload.
     */
    public static BitswapProtos.Message toProto(BitswapMessage message) {
        BitswapProtos.Message.Builder builder = BitswapProtos.Message.newBuilder();
        if (!message.wantlist().isEmpty() || message.fullWantlist()) {
            BitswapProtos.Message.Wantlist.Builder wantlist = BitswapProtos.Message.Wantlist.newBuilder()
                    .setFull(message.fullWantlist());
            for (BitswapMessage.Entry entry : message.wantlist()) {
                wantlist.addEntries(BitswapProtos.Message.Wantlist.Entry.newBuilder()
                        .setBlock(ByteString.copyFrom(entry.cid().bytes()))
                        .setPriority(entry.priority())
                        .setCancel(entry.cancel())
                        .setWantTypeValue(entry.wantType() == WantType.HAVE ? 1 : 0)
                        .setSendDontHave(entry.sendDontHave()));
            }
            builder.setWantlist(wantlist);
        }
        for (Block block : message.blocks()) {
            if (block.data().length > BitswapMessage.MAX_BLOCK_BYTES) {
                throw new BitswapException(Code.BLOCK_TOO_LARGE, "block " + block.cid() + " has "
                        + block.data().length + " bytes; at most " + BitswapMessage.MAX_BLOCK_BYTES + " may be sent");
            }
            builder.addPayload(BitswapProtos.Message.Block.newBuilder()
                    .setPrefix(ByteString.copyFrom(prefix(block.cid())))
                    .setData(UnsafeByteOperations.unsafeWrap(block.data())));
        }
        for (BitswapMessage.Presence presence : message.presences()) {
            builder.addBlockPresences(BitswapProtos.Message.BlockPresence.newBuilder()
                    .setCid(ByteString.copyFrom(presence.cid().bytes()))
                    .setTypeValue(presence.type() == PresenceType.DONT_HAVE ? 1 : 0));
        }
        builder.setPendingBytes(message.pendingBytes());
        BitswapProtos.Message proto = builder.build();
        int size = proto.getSerializedSize();
        if (size > BitswapMessage.MAX_MESSAGE_BYTES) {
            throw new BitswapException(Code.MESSAGE_TOO_LARGE, "message would encode to " + size
                    + " bytes; at most " + BitswapMessage.MAX_MESSAGE_BYTES + " may be sent");
        }
        return proto;
    }

    /**
     * Parses one message. Size limits are checked before parsing and per block; any malformed input
     * raises {@link BitswapException}, never another exception.
     */
    public static BitswapMessage decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    /**
     * Parses the message between {@code bytes}' position and limit, in place in a transport's buffer (heap or
     * direct): each block's data is copied out of it exactly once and nothing else refers to it afterwards,
     * so the buffer may be reused once this returns. The buffer's position is left unchanged.
     */
    public static BitswapMessage decode(ByteBuffer bytes) {
        if (bytes.remaining() > BitswapMessage.MAX_MESSAGE_BYTES) {
            throw new BitswapException(Code.MESSAGE_TOO_LARGE, "message of " + bytes.remaining()
                    + " bytes exceeds the limit of " + BitswapMessage.MAX_MESSAGE_BYTES);
        }
        BitswapProtos.Message proto;
        try {
            // Through a wrapping ByteString the input counts as immutable, which aliasing needs.
            CodedInputStream input = UnsafeByteOperations.unsafeWrap(bytes.duplicate()).newCodedInput();
            input.enableAliasing(true);
            input.setSizeLimit(BitswapMessage.MAX_MESSAGE_BYTES);
            proto = BitswapProtos.Message.parseFrom(input);
            input.checkLastTagWas(0);
        } catch (IOException e) {
            throw new BitswapException(Code.MALFORMED_MESSAGE, "not a Bitswap protobuf message: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new BitswapException(Code.MALFORMED_MESSAGE, "not a Bitswap protobuf message: " + e, e);
        }

        List<BitswapMessage.Entry> entries = new ArrayList<>();
        for (int i = 0; i < proto.getWantlist().getEntriesCount(); i++) {
            BitswapProtos.Message.Wantlist.Entry entry = proto.getWantlist().getEntries(i);
            Cid cid = cid(entry.getBlock().toByteArray(), "wantlist entry " + i);
            WantType type = switch (entry.getWantTypeValue()) {
                case 0 -> WantType.BLOCK;
                case 1 -> WantType.HAVE;
                default -> throw new BitswapException(Code.MALFORMED_MESSAGE, "wantlist entry " + i
                        + " has unknown wantType " + entry.getWantTypeValue());
            };
            entries.add(new BitswapMessage.Entry(cid, entry.getPriority(), entry.getCancel(), type,
                    entry.getSendDontHave()));
        }

        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < proto.getBlocksCount(); i++) {
            byte[] data = blockData(proto.getBlocks(i), "blocks[" + i + "]");
            blocks.add(new Block(Cid.v0(Multihash.sha256(data)), data));
        }
        for (int i = 0; i < proto.getPayloadCount(); i++) {
            BitswapProtos.Message.Block payload = proto.getPayload(i);
            byte[] data = blockData(payload.getData(), "payload[" + i + "]");
            blocks.add(new Block(cidOf(payload.getPrefix().toByteArray(), data, "payload[" + i + "]"), data));
        }

        List<BitswapMessage.Presence> presences = new ArrayList<>();
        for (int i = 0; i < proto.getBlockPresencesCount(); i++) {
            BitswapProtos.Message.BlockPresence presence = proto.getBlockPresences(i);
            Cid cid = cid(presence.getCid().toByteArray(), "blockPresences[" + i + "]");
            PresenceType type = switch (presence.getTypeValue()) {
                case 0 -> PresenceType.HAVE;
                case 1 -> PresenceType.DONT_HAVE;
                default -> throw new BitswapException(Code.MALFORMED_MESSAGE, "blockPresences[" + i
                        + "] has unknown type " + presence.getTypeValue());
            };
            presences.add(new BitswapMessage.Presence(cid, type));
        }
        return new BitswapMessage(entries, proto.getWantlist().getFull(), blocks, presences, proto.getPendingBytes());
    }

    /** The CID prefix of a payload block: version, codec, multihash function and digest length. */
    public static byte[] prefix(Cid cid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8);
        out.writeBytes(Varint.encode(cid.version()));
        out.writeBytes(Varint.encode(cid.codec()));
        out.writeBytes(Varint.encode(cid.multihash().function()));
        out.writeBytes(Varint.encode(cid.multihash().digestLength()));
        return out.toByteArray();
    }

    /**
     * The CID that {@code prefix} gives {@code data}: the data is hashed with the prefix's function and
     * the digest truncated to its declared length.
     */
    public static Cid cidOf(byte[] prefix, byte[] data, String where) {
        try {
            Varint.Decoded version = Varint.decode(prefix, 0, prefix.length);
            int position = version.length();
            Varint.Decoded codec = Varint.decode(prefix, position, prefix.length);
            position += codec.length();
            Varint.Decoded function = Varint.decode(prefix, position, prefix.length);
            position += function.length();
            Varint.Decoded length = Varint.decode(prefix, position, prefix.length);
            position += length.length();
            if (position != prefix.length) {
                throw new BitswapException(Code.MALFORMED_PREFIX, where + ": CID prefix has "
                        + (prefix.length - position) + " trailing bytes after the multihash length");
            }
            if (version.value() > 1) {
                throw new BitswapException(Code.MALFORMED_PREFIX, where + ": CID version " + version.value()
                        + " is not 0 or 1");
            }
            if (version.value() == 0 && (codec.value() != DAG_PB || function.value() != SHA2_256 || length.value() != 32)) {
                throw new BitswapException(Code.MALFORMED_PREFIX, where
                        + ": a CIDv0 prefix must be dag-pb, sha2-256, 32 bytes");
            }
            if (!Multihash.isSupported(function.value())) {
                throw new BitswapException(Code.UNSUPPORTED_HASH, where + ": hash function 0x"
                        + Long.toHexString(function.value()) + " is not supported");
            }
            byte[] digest = Multihash.hasher(Multicodec.byCode(function.value())).hash(data, 0, data.length);
            if (function.value() == Multicodec.IDENTITY.code() && length.value() != data.length) {
                throw new BitswapException(Code.BLOCK_HASH_MISMATCH, where + ": identity prefix declares "
                        + length.value() + " bytes but the block has " + data.length);
            }
            if (length.value() > digest.length) {
                throw new BitswapException(Code.MALFORMED_PREFIX, where + ": prefix declares a digest of "
                        + length.value() + " bytes; the function produces " + digest.length);
            }
            Multihash multihash = Multihash.of(function.value(), Arrays.copyOf(digest, (int) length.value()));
            return version.value() == 0 ? Cid.v0(multihash) : Cid.v1(codec.value(), multihash);
        } catch (MultiformatException e) {
            throw new BitswapException(Code.MALFORMED_PREFIX, where + ": bad CID prefix: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that {@code data} is the block named {@code claimed}. Receivers that learn a block's name
     * from elsewhere (a want, a 1.0.0 peer) use this before storing anything.
     */
    public static void verify(Cid claimed, byte[] data) {
        boolean matches;
        try {
            matches = claimed.multihash().matches(data);
        } catch (MultiformatException e) {
            throw new BitswapException(Code.UNSUPPORTED_HASH, "cannot verify " + claimed + ": " + e.getMessage(), e);
        }
        if (!matches) {
            throw new BitswapException(Code.BLOCK_HASH_MISMATCH, "block of " + data.length
                    + " bytes does not hash to " + claimed);
        }
    }

    private static byte[] blockData(ByteString data, String where) {
        if (data.size() > BitswapMessage.MAX_BLOCK_BYTES) {
            throw new BitswapException(Code.BLOCK_TOO_LARGE, where + " has " + data.size()
                    + " bytes; blocks are limited to " + BitswapMessage.MAX_BLOCK_BYTES);
        }
        return data.toByteArray();
    }

    private static Cid cid(byte[] bytes, String where) {
        try {
            return Cid.fromBytes(bytes);
        } catch (RuntimeException e) {
            throw new BitswapException(Code.MALFORMED_CID, where + ": bad CID: " + e.getMessage(), e);
        }
    }
}

package io.strata.libp2p;

/** Yamux's 12-byte frame header (hashicorp/yamux spec.md): version, type, flags, stream id, length. */
record YamuxFrame(int type, int flags, int streamId, long length) {

    static final int HEADER_LENGTH = 12;
    static final int VERSION = 0;

    static final int TYPE_DATA = 0;
    static final int TYPE_WINDOW_UPDATE = 1;
    static final int TYPE_PING = 2;
    static final int TYPE_GO_AWAY = 3;

    static final int FLAG_SYN = 1;
    static final int FLAG_ACK = 2;
    static final int FLAG_FIN = 4;
    static final int FLAG_RST = 8;

    static final int GO_AWAY_NORMAL = 0;
    static final int GO_AWAY_PROTOCOL_ERROR = 1;
    static final int GO_AWAY_INTERNAL_ERROR = 2;

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    static YamuxFrame parse(ByteQueue queue) {
        int version = queue.peek(0);
        if (version != VERSION) {
            throw new Libp2pException(Libp2pException.Code.MUXER_PROTOCOL_ERROR, "Yamux version " + version + ", expected 0");
        }
        int type = queue.peek(1);
        if (type > TYPE_GO_AWAY) {
            throw new Libp2pException(Libp2pException.Code.MUXER_PROTOCOL_ERROR, "unknown Yamux frame type " + type);
        }
        int flags = (queue.peek(2) << 8) | queue.peek(3);
        int streamId = (queue.peek(4) << 24) | (queue.peek(5) << 16) | (queue.peek(6) << 8) | queue.peek(7);
        long length = ((long) queue.peek(8) << 24) | (queue.peek(9) << 16) | (queue.peek(10) << 8) | queue.peek(11);
        return new YamuxFrame(type, flags, streamId, length);
    }

    /** A data frame's header followed by room for its {@code dataLength} bytes, for the caller to fill. */
    static byte[] dataFrame(int flags, int streamId, int dataLength) {
        return withHeader(TYPE_DATA, flags, streamId, dataLength, dataLength);
    }

    static byte[] header(int type, int flags, int streamId, long lengthField) {
        return withHeader(type, flags, streamId, lengthField, 0);
    }

    private static byte[] withHeader(int type, int flags, int streamId, long lengthField, int room) {
        byte[] out = new byte[HEADER_LENGTH + room];
        out[0] = VERSION;
        out[1] = (byte) type;
        out[2] = (byte) (flags >>> 8);
        out[3] = (byte) flags;
        out[4] = (byte) (streamId >>> 24);
        out[5] = (byte) (streamId >>> 16);
        out[6] = (byte) (streamId >>> 8);
        out[7] = (byte) streamId;
        out[8] = (byte) (lengthField >>> 24);
        out[9] = (byte) (lengthField >>> 16);
        out[10] = (byte) (lengthField >>> 8);
        out[11] = (byte) lengthField;
        return out;
    }
}

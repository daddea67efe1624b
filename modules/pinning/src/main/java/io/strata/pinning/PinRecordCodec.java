package io.strata.pinning;

import io.strata.multiformats.Cid;
import io.strata.multiformats.PeerId;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact binary form of {@link ClusterPin} and {@link NodePinState} stored in the distributed pin set.
 * Bytes rather than Java serialization keep a million entries small, and every member of a mixed-version
 * cluster reads them without sharing classes. Each record starts with a format version byte.
 */
public final class PinRecordCodec {

    private static final int PIN_VERSION = 1;
    private static final int STATE_VERSION = 1;

    private PinRecordCodec() {
    }

    public static byte[] encodePin(ClusterPin pin) {
        return write(out -> {
            out.writeByte(PIN_VERSION);
            writeBytes(out, pin.cid().bytes());
            out.writeUTF(pin.name());
            out.writeByte(pin.mode().ordinal());
            out.writeInt(pin.replication().min());
            out.writeInt(pin.replication().max());
            writeMap(out, pin.requiredTags());
            out.writeInt(pin.allocations().size());
            for (PeerId peer : pin.allocations()) {
                writeBytes(out, peer.bytes());
            }
            out.writeLong(pin.createdAtMillis());
            out.writeLong(pin.expireAtMillis());
            writeMap(out, pin.metadata());
            out.writeInt(pin.origins().size());
            for (String origin : pin.origins()) {
                out.writeUTF(origin);
            }
        });
    }

    public static ClusterPin decodePin(byte[] bytes) {
        return read(bytes, in -> {
            expectVersion(in, PIN_VERSION);
            Cid cid = Cid.fromBytes(readBytes(in));
            String name = in.readUTF();
            PinMode mode = enumAt(PinMode.values(), in.readUnsignedByte());
            ReplicationFactor replication = new ReplicationFactor(in.readInt(), in.readInt());
            Map<String, String> tags = readMap(in);
            int allocationCount = count(in);
            List<PeerId> allocations = new ArrayList<>(allocationCount);
            for (int i = 0; i < allocationCount; i++) {
                allocations.add(PeerId.fromBytes(readBytes(in)));
            }
            long created = in.readLong();
            long expireAt = in.readLong();
            Map<String, String> metadata = readMap(in);
            int originCount = count(in);
            List<String> origins = new ArrayList<>(originCount);
            for (int i = 0; i < originCount; i++) {
                origins.add(in.readUTF());
            }
            return new ClusterPin(cid, name, mode, replication, tags, allocations, created, expireAt, metadata,
                    origins);
        });
    }

    public static byte[] encodeState(NodePinState state) {
        return write(out -> {
            out.writeByte(STATE_VERSION);
            out.writeByte(state.status().ordinal());
            out.writeUTF(state.error());
            out.writeInt(state.attempts());
            out.writeLong(state.updatedAtMillis());
        });
    }

    public static NodePinState decodeState(byte[] bytes) {
        return read(bytes, in -> {
            expectVersion(in, STATE_VERSION);
            PinStatus status = enumAt(PinStatus.values(), in.readUnsignedByte());
            return new NodePinState(status, in.readUTF(), in.readInt(), in.readLong());
        });
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            T value = reader.read(in);
            if (in.available() != 0) {
                throw malformed(in.available() + " trailing bytes");
            }
            return value;
        } catch (IOException e) {
            throw malformed("truncated record: " + e);
        } catch (IllegalArgumentException e) {
            if (e instanceof PinningException pinning && pinning.code() == PinningException.Code.MALFORMED_RECORD) {
                throw pinning;
            }
            throw malformed(e.getMessage());
        }
    }

    private static void expectVersion(DataInputStream in, int version) throws IOException {
        int found = in.readUnsignedByte();
        if (found != version) {
            throw malformed("unknown record version " + found);
        }
    }

    private static <E extends Enum<E>> E enumAt(E[] values, int ordinal) {
        if (ordinal >= values.length) {
            throw malformed("unknown " + values[0].getDeclaringClass().getSimpleName() + " " + ordinal);
        }
        return values[ordinal];
    }

    private static int count(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > in.available()) {
            throw malformed("impossible element count " + count);
        }
        return count;
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readUnsignedShort()];
        in.readFully(bytes);
        return bytes;
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> entry : new java.util.TreeMap<>(map).entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeUTF(entry.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int size = count(in);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            if (map.put(in.readUTF(), in.readUTF()) != null) {
                throw malformed("repeated map key");
            }
        }
        return map;
    }

    private static PinningException malformed(String reason) {
        return new PinningException(PinningException.Code.MALFORMED_RECORD, "malformed pin record: " + reason);
    }
}

package io.strata.ipld.dagpb;

import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.MultiformatException;
import io.strata.multiformats.Varint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static io.strata.ipld.IpldException.Code.DAGPB_MALFORMED;
import static io.strata.ipld.IpldException.Code.DAGPB_NOT_CANONICAL;

/**
 * The dag-pb codec as the IPLD DAG-PB spec defines it. The byte layout (Links, field 2, before Data,
 * field 1) is not protobuf's field-number order, so it is written and read here rather than through
 * the generated classes; the schema itself is declared in modules/proto (dagpb.proto).
 */
public final class DagPb {

    /** Orders links by their name's UTF-8 bytes, an absent name sorting as empty; stable for equal names. */
    public static final Comparator<PbLink> LINK_ORDER = (a, b) -> Arrays.compareUnsigned(nameBytes(a), nameBytes(b));

    private DagPb() {
    }

    /** Sorts links into canonical order (stable), as a node must be built before encoding. */
    public static PbNode canonical(List<PbLink> links, byte[] data) {
        List<PbLink> sorted = new ArrayList<>(links);
        sorted.sort(LINK_ORDER);
        return new PbNode(sorted, data);
    }

    public static byte[] encode(PbNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encodedSizeHint(node));
        PbLink previous = null;
        for (PbLink link : node.links()) {
            if (previous != null && LINK_ORDER.compare(previous, link) > 0) {
                throw new IpldException(DAGPB_NOT_CANONICAL, "dag-pb links must be sorted by name bytes");
            }
            byte[] encodedLink = encodeLink(link);
            out.write(0x12);
            writeVarint(out, encodedLink.length);
            out.writeBytes(encodedLink);
            previous = link;
        }
        if (node.data() != null) {
            out.write(0x0a);
            writeVarint(out, node.data().length);
            out.writeBytes(node.data());
        }
        return out.toByteArray();
    }

    private static byte[] encodeLink(PbLink link) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        byte[] hash = link.hash().bytes();
        out.write(0x0a);
        writeVarint(out, hash.length);
        out.writeBytes(hash);
        if (link.name() != null) {
            byte[] name = link.name().getBytes(StandardCharsets.UTF_8);
            out.write(0x12);
            writeVarint(out, name.length);
            out.writeBytes(name);
        }
        if (link.tsize() != null) {
            if (link.tsize() < 0) {
                throw new IpldException(DAGPB_MALFORMED, "dag-pb link Tsize must not be negative");
            }
            out.write(0x18);
            writeVarint(out, link.tsize());
        }
        return out.toByteArray();
    }

    /** Decodes strictly: field order, wire types, duplicates and trailing bytes are all checked. */
    public static PbNode decode(byte[] bytes) {
        List<PbLink> links = new ArrayList<>();
        byte[] data = null;
        int position = 0;
        boolean seenData = false;
        while (position < bytes.length) {
            int key = readKey(bytes, position);
            position++;
            if (key == 0x12) {
                if (seenData) {
                    throw malformed(position - 1, "Links (field 2) must come before Data (field 1)");
                }
                int length = readLength(bytes, position);
                position += Varint.encodedLength(length);
                links.add(decodeLink(bytes, position, position + length));
                position += length;
            } else if (key == 0x0a) {
                if (seenData) {
                    throw malformed(position - 1, "duplicate Data field");
                }
                int length = readLength(bytes, position);
                position += Varint.encodedLength(length);
                data = Arrays.copyOfRange(bytes, position, position + length);
                position += length;
                seenData = true;
            } else {
                throw malformed(position - 1, "unexpected field key 0x" + Integer.toHexString(key)
                        + " (expected Links 0x12 or Data 0x0a)");
            }
        }
        for (int i = 1; i < links.size(); i++) {
            if (LINK_ORDER.compare(links.get(i - 1), links.get(i)) > 0) {
                throw new IpldException(DAGPB_NOT_CANONICAL, "dag-pb links are not sorted by name bytes");
            }
        }
        return new PbNode(links, data);
    }

    private static PbLink decodeLink(byte[] bytes, int start, int end) {
        Cid hash = null;
        String name = null;
        Long tsize = null;
        int lastField = 0;
        int position = start;
        while (position < end) {
            int key = readKey(bytes, position);
            int field = key >> 3;
            position++;
            if (field <= lastField) {
                throw malformed(position - 1, "PBLink fields out of order or repeated (field " + field + ")");
            }
            lastField = field;
            switch (key) {
                case 0x0a -> {
                    int length = readLength(bytes, position);
                    position += Varint.encodedLength(length);
                    checkBounds(position, length, end);
                    try {
                        hash = Cid.fromBytes(Arrays.copyOfRange(bytes, position, position + length));
                    } catch (MultiformatException e) {
                        throw new IpldException(DAGPB_MALFORMED, "invalid link Hash at byte " + position
                                + ": " + e.getMessage(), e);
                    }
                    position += length;
                }
                case 0x12 -> {
                    int length = readLength(bytes, position);
                    position += Varint.encodedLength(length);
                    checkBounds(position, length, end);
                    name = utf8(bytes, position, length);
                    position += length;
                }
                case 0x18 -> {
                    Varint.Decoded value = decodeVarint(bytes, position, end);
                    tsize = value.value();
                    position += value.length();
                }
                default -> throw malformed(position - 1, "unexpected PBLink field key 0x"
                        + Integer.toHexString(key));
            }
        }
        if (hash == null) {
            throw malformed(start, "PBLink without a Hash");
        }
        return new PbLink(hash, name, tsize);
    }

    private static int readKey(byte[] bytes, int position) {
        int key = bytes[position] & 0xFF;
        if ((key & 0x80) != 0) {
            throw malformed(position, "field key 0x" + Integer.toHexString(key) + " is not a dag-pb field");
        }
        return key;
    }

    private static int readLength(byte[] bytes, int position) {
        Varint.Decoded length = decodeVarint(bytes, position, bytes.length);
        if (length.value() > bytes.length - position - length.length()) {
            throw malformed(position, "length " + length.value() + " runs past the end of the block");
        }
        return (int) length.value();
    }

    private static Varint.Decoded decodeVarint(byte[] bytes, int position, int limit) {
        try {
            return Varint.decode(bytes, position, limit);
        } catch (MultiformatException e) {
            throw new IpldException(DAGPB_MALFORMED, "dag-pb: " + e.getMessage(), e);
        }
    }

    private static void checkBounds(int position, int length, int end) {
        if (position + length > end) {
            throw malformed(position, "field of " + length + " bytes runs past the end of its PBLink");
        }
    }

    private static String utf8(byte[] bytes, int position, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes, position, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed(position, "link Name is not valid UTF-8");
        }
    }

    private static IpldException malformed(int position, String message) {
        return new IpldException(DAGPB_MALFORMED, "dag-pb: " + message + " (byte " + position + ")");
    }

    private static byte[] nameBytes(PbLink link) {
        return link.name() == null ? new byte[0] : link.name().getBytes(StandardCharsets.UTF_8);
    }

    private static int encodedSizeHint(PbNode node) {
        int size = node.data() == null ? 0 : node.data().length + 6;
        return size + node.links().size() * 48;
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        out.writeBytes(Varint.encode(value));
    }
}

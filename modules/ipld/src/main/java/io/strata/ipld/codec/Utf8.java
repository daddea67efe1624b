package io.strata.ipld.codec;

import io.strata.ipld.IpldException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

import static io.strata.ipld.IpldException.Code.DATA_MODEL_INVALID;

/** Strict UTF-8 both ways: data-model strings are valid Unicode, so nothing is replaced silently. */
final class Utf8 {

    /** DAG-CBOR's key order: shorter first, then bytewise (RFC 8949 §4.2.1 on the encoded keys). */
    static final Comparator<byte[]> LENGTH_FIRST = (a, b) ->
            a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compareUnsigned(a, b);

    /** DAG-JSON's key order: bytewise on the UTF-8 form. */
    static final Comparator<byte[]> BYTEWISE = Arrays::compareUnsigned;

    private Utf8() {
    }

    static byte[] encode(String text) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            return Arrays.copyOfRange(encoded.array(), encoded.arrayOffset(), encoded.arrayOffset() + encoded.limit());
        } catch (CharacterCodingException e) {
            throw new IpldException(DATA_MODEL_INVALID, "string contains an unpaired surrogate and is not valid Unicode: "
                    + abbreviate(text));
        }
    }

    /** Decodes {@code length} bytes at {@code offset}, or returns null when they are not valid UTF-8. */
    static String decodeOrNull(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? '"' + text + '"' : '"' + text.substring(0, 40) + "...\"";
    }
}

package io.strata.ipld.codec;

import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.MultiformatException;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.strata.ipld.IpldException.Code.DAGJSON_MALFORMED;

/**
 * A recursive-descent RFC 8259 parser producing {@link DataModel} values, with DAG-JSON's reserved
 * namespace applied to objects. Whitespace and key order are accepted here; canonical form is
 * checked by {@link DagJson#decode} against a re-encoding.
 */
final class DagJsonParser {

    private final byte[] bytes;
    private int position;

    DagJsonParser(byte[] bytes) {
        this.bytes = bytes;
    }

    Object parseAll() {
        skipWhitespace();
        Object value = parseValue(0);
        skipWhitespace();
        if (position != bytes.length) {
            throw malformed(position, "unexpected " + describe(position) + " after the top-level value");
        }
        return value;
    }

    private Object parseValue(int depth) {
        if (depth > DagCbor.MAX_DEPTH) {
            throw malformed(position, "nesting deeper than " + DagCbor.MAX_DEPTH + " levels");
        }
        if (position >= bytes.length) {
            throw malformed(position, "input ends where a value was expected");
        }
        byte b = bytes[position];
        return switch (b) {
            case '{' -> parseObject(depth);
            case '[' -> parseArray(depth);
            case '"' -> parseString();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (b == '-' || (b >= '0' && b <= '9')) {
                    yield parseNumber();
                }
                throw malformed(position, "unexpected " + describe(position) + " where a value was expected");
            }
        };
    }

    private Object literal(String word, Object value) {
        for (int i = 0; i < word.length(); i++) {
            if (position + i >= bytes.length || bytes[position + i] != word.charAt(i)) {
                throw malformed(position, "invalid literal; expected '" + word + "'");
            }
        }
        position += word.length();
        return value;
    }

    private Object parseNumber() {
        int start = position;
        if (bytes[position] == '-') {
            position++;
        }
        if (position >= bytes.length || !isDigit(bytes[position])) {
            throw malformed(position, "a digit must follow '-'");
        }
        if (bytes[position] == '0') {
            position++;
            if (position < bytes.length && isDigit(bytes[position])) {
                throw malformed(start, "numbers must not have leading zeros");
            }
        } else {
            skipDigits();
        }
        boolean isFloat = false;
        if (position < bytes.length && bytes[position] == '.') {
            isFloat = true;
            position++;
            requireDigit("a digit must follow the decimal point");
            skipDigits();
        }
        if (position < bytes.length && (bytes[position] == 'e' || bytes[position] == 'E')) {
            isFloat = true;
            position++;
            if (position < bytes.length && (bytes[position] == '+' || bytes[position] == '-')) {
                position++;
            }
            requireDigit("a digit must follow the exponent marker");
            skipDigits();
        }
        String text = new String(bytes, start, position - start, StandardCharsets.US_ASCII);
        if (isFloat) {
            double value = Double.parseDouble(text);
            if (Double.isInfinite(value)) {
                throw malformed(start, "float " + text + " is outside the range of a 64-bit float");
            }
            return value;
        }
        BigInteger value = new BigInteger(text);
        if (value.compareTo(DataModel.MIN_INTEGER) < 0 || value.compareTo(DataModel.MAX_INTEGER) > 0) {
            throw malformed(start, "integer " + text + " is outside the IPLD integer range [-2^64, 2^64-1]");
        }
        return DataModel.integer(value);
    }

    private void requireDigit(String message) {
        if (position >= bytes.length || !isDigit(bytes[position])) {
            throw malformed(position, message);
        }
    }

    private void skipDigits() {
        while (position < bytes.length && isDigit(bytes[position])) {
            position++;
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private List<Object> parseArray(int depth) {
        position++;
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            position++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWhitespace();
            list.add(parseValue(depth + 1));
            skipWhitespace();
            int next = peek();
            position++;
            if (next == ']') {
                return Collections.unmodifiableList(list);
            }
            if (next != ',') {
                throw malformed(position - 1, "expected ',' or ']' in array, found " + describe(position - 1));
            }
        }
    }

    private Object parseObject(int depth) {
        int start = position;
        position++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            position++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw malformed(position, "expected a string key, found " + describe(position));
            }
            int keyStart = position;
            String key = parseString();
            skipWhitespace();
            if (peek() != ':') {
                throw malformed(position, "expected ':' after the key, found " + describe(position));
            }
            position++;
            skipWhitespace();
            Object value = parseValue(depth + 1);
            if (map.containsKey(key)) {
                throw malformed(keyStart, "duplicate map key " + Utf8.abbreviate(key));
            }
            map.put(key, value);
            skipWhitespace();
            int next = peek();
            position++;
            if (next == '}') {
                break;
            }
            if (next != ',') {
                throw malformed(position - 1, "expected ',' or '}' in object, found " + describe(position - 1));
            }
        }
        return reservedNamespace(start, map);
    }

    /** Reads the link and bytes forms, and refuses maps that mimic them (the spec's rejection modes). */
    private Object reservedNamespace(int start, Map<String, Object> map) {
        Iterator<Map.Entry<String, Object>> entries = map.entrySet().iterator();
        Map.Entry<String, Object> first = entries.next();
        if (first.getKey().equals("/")) {
            if (first.getValue() instanceof String cidText) {
                if (map.size() != 1) {
                    throw malformed(start, "a link {\"/\": \"<cid>\"} must have no other keys");
                }
                return parseCid(start, cidText);
            }
            if (first.getValue() instanceof Map<?, ?> inner && !inner.isEmpty()) {
                Map.Entry<?, ?> innerFirst = inner.entrySet().iterator().next();
                if (innerFirst.getKey().equals("bytes") && innerFirst.getValue() instanceof String base64) {
                    if (inner.size() != 1 || map.size() != 1) {
                        throw malformed(start, "bytes {\"/\": {\"bytes\": \"<base64>\"}} must have no other keys");
                    }
                    return parseBase64(start, base64);
                }
            }
        }
        List<EncodedEntry> sorted = new ArrayList<>(map.size());
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            sorted.add(new EncodedEntry(Utf8.encode(entry.getKey()), entry.getValue()));
        }
        sorted.sort((a, b) -> Utf8.BYTEWISE.compare(a.key(), b.key()));
        try {
            DagJson.checkReservedNamespace(sorted);
        } catch (IpldException e) {
            throw malformed(start, e.getMessage());
        }
        return Collections.unmodifiableMap(map);
    }

    private Cid parseCid(int start, String text) {
        try {
            return Cid.parse(text);
        } catch (MultiformatException e) {
            throw new IpldException(DAGJSON_MALFORMED, "dag-json: invalid CID " + Utf8.abbreviate(text)
                    + " in the link at byte " + start + ": " + e.getMessage(), e);
        }
    }

    private byte[] parseBase64(int start, String text) {
        if (text.indexOf('=') >= 0) {
            throw malformed(start, "bytes must be base64 without padding; found '='");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IpldException(DAGJSON_MALFORMED, "dag-json: invalid base64 in the bytes at byte " + start
                    + ": " + e.getMessage(), e);
        }
    }

    private String parseString() {
        int start = position;
        position++;
        StringBuilder text = new StringBuilder();
        while (true) {
            if (position >= bytes.length) {
                throw malformed(start, "unterminated string");
            }
            int b = bytes[position] & 0xFF;
            if (b == '"') {
                position++;
                return text.toString();
            }
            if (b == '\\') {
                parseEscape(text);
            } else if (b < 0x20) {
                throw malformed(position, String.format("unescaped control character 0x%02x in string", b));
            } else if (b < 0x80) {
                text.append((char) b);
                position++;
            } else {
                appendUtf8Sequence(text);
            }
        }
    }

    private void parseEscape(StringBuilder text) {
        int start = position;
        if (position + 1 >= bytes.length) {
            throw malformed(start, "input ends inside an escape sequence");
        }
        byte kind = bytes[position + 1];
        position += 2;
        switch (kind) {
            case '"' -> text.append('"');
            case '\\' -> text.append('\\');
            case '/' -> text.append('/');
            case 'b' -> text.append('\b');
            case 'f' -> text.append('\f');
            case 'n' -> text.append('\n');
            case 'r' -> text.append('\r');
            case 't' -> text.append('\t');
            case 'u' -> {
                char unit = readHex4(start);
                if (Character.isHighSurrogate(unit)) {
                    if (position + 1 < bytes.length && bytes[position] == '\\' && bytes[position + 1] == 'u') {
                        int lowStart = position;
                        position += 2;
                        char low = readHex4(lowStart);
                        if (!Character.isLowSurrogate(low)) {
                            throw malformed(lowStart, "high surrogate escape is not followed by a low surrogate");
                        }
                        text.append(unit).append(low);
                        return;
                    }
                    throw malformed(start, "unpaired high surrogate escape; strings must be valid Unicode");
                }
                if (Character.isLowSurrogate(unit)) {
                    throw malformed(start, "unpaired low surrogate escape; strings must be valid Unicode");
                }
                text.append(unit);
            }
            default -> throw malformed(start, "invalid escape sequence '\\" + (char) (kind & 0xFF) + "'");
        }
    }

    private char readHex4(int escapeStart) {
        if (position + 4 > bytes.length) {
            throw malformed(escapeStart, "\\u escape needs four hex digits");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(bytes[position + i], 16);
            if (digit < 0) {
                throw malformed(escapeStart, "\\u escape needs four hex digits");
            }
            value = value * 16 + digit;
        }
        position += 4;
        return (char) value;
    }

    private void appendUtf8Sequence(StringBuilder text) {
        int lead = bytes[position] & 0xFF;
        int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
        String decoded = length == 0 || position + length > bytes.length
                ? null : Utf8.decodeOrNull(bytes, position, length);
        if (decoded == null) {
            throw malformed(position, String.format("invalid UTF-8 sequence starting with byte 0x%02x", lead));
        }
        text.append(decoded);
        position += length;
    }

    private void skipWhitespace() {
        while (position < bytes.length) {
            byte b = bytes[position];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return;
            }
            position++;
        }
    }

    private int peek() {
        if (position >= bytes.length) {
            throw malformed(position, "unexpected end of input");
        }
        return bytes[position];
    }

    private String describe(int at) {
        if (at >= bytes.length) {
            return "the end of input";
        }
        int b = bytes[at] & 0xFF;
        return b >= 0x20 && b < 0x7F ? "'" + (char) b + "'" : String.format("byte 0x%02x", b);
    }

    private static IpldException malformed(int at, String message) {
        return new IpldException(DAGJSON_MALFORMED, "dag-json: " + message + " (at byte " + at + ")");
    }
}

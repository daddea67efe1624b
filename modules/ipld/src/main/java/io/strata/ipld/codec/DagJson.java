package io.strata.ipld.codec;

import io.strata.ipld.IpldException;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.strata.ipld.IpldException.Code.DAGJSON_NOT_CANONICAL;
import static io.strata.ipld.IpldException.Code.DATA_MODEL_INVALID;

/**
 * The DAG-JSON codec (multicodec 0x0129) over the {@link DataModel} values.
 *
 * <p>Encoding produces the canonical form: no whitespace; map keys sorted bytewise on their UTF-8 form;
 * links as {@code {"/":"<cid>"}} (base58btc for CIDv0, base32 for CIDv1); bytes as
 * {@code {"/":{"bytes":"<base64, standard alphabet, no padding>"}}}; strings escaped as JSON.stringify
 * does ({@code \"}, {@code \\}, {@code \b \f \n \r \t}, other controls as a six-character lowercase hex escape, the rest raw
 * UTF-8); integers in decimal; floats in the shortest form that round-trips, written as JavaScript
 * prints numbers with {@code .0} appended when neither a point nor an exponent appears, so a float
 * always decodes as a float. Maps that would read back as a link or bytes (the reserved namespace)
 * are refused with {@code DATA_MODEL_INVALID}.
 *
 * <p>{@link #decode} is strict: the input must parse ({@code DAGJSON_MALFORMED} otherwise, with the
 * byte offset) and be byte-for-byte the canonical encoding of what it parses to
 * ({@code DAGJSON_NOT_CANONICAL} with the first differing byte). {@link #decodeLenient} accepts any
 * valid DAG-JSON, such as user input with whitespace or unsorted keys.
 */
public final class DagJson {

    private DagJson() {
    }

    /**
     * @throws IpldException {@code DATA_MODEL_INVALID} for values outside the data model or in the
     *                       reserved namespace
     */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        write(out, value, 0);
        return out.toByteArray();
    }

    /** Strict decode of one complete block. */
    public static Object decode(byte[] bytes) {
        Object value = new DagJsonParser(bytes).parseAll();
        byte[] canonical = encode(value);
        int mismatch = Arrays.mismatch(bytes, canonical);
        if (mismatch >= 0) {
            throw new IpldException(DAGJSON_NOT_CANONICAL, "dag-json: not in canonical form at byte " + mismatch
                    + ": expected " + describe(canonical, mismatch) + " but found " + describe(bytes, mismatch)
                    + " (canonical DAG-JSON has no whitespace, sorted keys, shortest numbers and minimal escapes)");
        }
        return value;
    }

    /** Decode accepting any valid DAG-JSON text (whitespace, any key order, any multibase for CIDs). */
    public static Object decodeLenient(byte[] bytes) {
        return new DagJsonParser(bytes).parseAll();
    }

    private static String describe(byte[] bytes, int at) {
        if (at >= bytes.length) {
            return "the end of input";
        }
        int b = bytes[at] & 0xFF;
        return b >= 0x20 && b < 0x7F ? "'" + (char) b + "'" : String.format("byte 0x%02x", b);
    }

    private static void write(ByteArrayOutputStream out, Object value, int depth) {
        if (depth > DagCbor.MAX_DEPTH) {
            throw new IpldException(DATA_MODEL_INVALID, "value nests deeper than " + DagCbor.MAX_DEPTH + " levels");
        }
        switch (DataModel.kindOf(value)) {
            case NULL -> ascii(out, "null");
            case BOOLEAN -> ascii(out, (Boolean) value ? "true" : "false");
            case INTEGER -> ascii(out, DataModel.bigInteger(value).toString());
            case FLOAT -> ascii(out, formatFloat(DataModel.finiteFloat(value)));
            case STRING -> writeString(out, (String) value);
            case BYTES -> {
                ascii(out, "{\"/\":{\"bytes\":\"");
                ascii(out, Base64.getEncoder().withoutPadding().encodeToString((byte[]) value));
                ascii(out, "\"}}");
            }
            case LINK -> {
                ascii(out, "{\"/\":\"");
                ascii(out, value.toString());
                ascii(out, "\"}");
            }
            case LIST -> {
                out.write('[');
                boolean first = true;
                for (Object element : (List<?>) value) {
                    if (!first) {
                        out.write(',');
                    }
                    first = false;
                    write(out, element, depth + 1);
                }
                out.write(']');
            }
            case MAP -> writeMap(out, (Map<?, ?>) value, depth);
        }
    }

    private static void writeMap(ByteArrayOutputStream out, Map<?, ?> map, int depth) {
        List<EncodedEntry> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IpldException(DATA_MODEL_INVALID, "map keys must be strings, found "
                        + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()));
            }
            entries.add(new EncodedEntry(Utf8.encode(key), entry.getValue()));
        }
        entries.sort((a, b) -> Utf8.BYTEWISE.compare(a.key(), b.key()));
        checkReservedNamespace(entries);
        out.write('{');
        boolean first = true;
        for (EncodedEntry entry : entries) {
            if (!first) {
                out.write(',');
            }
            first = false;
            writeString(out, new String(entry.key(), StandardCharsets.UTF_8));
            out.write(':');
            write(out, entry.value(), depth + 1);
        }
        out.write('}');
    }

    /**
     * The spec's reserved namespace: a map whose first key is "/" must not hold a string there (it would
     * read back as a link), nor a map whose first key is "bytes" holding a string (it would read back as
     * bytes). Such data has no DAG-JSON form.
     */
    static void checkReservedNamespace(List<EncodedEntry> sortedEntries) {
        if (sortedEntries.isEmpty() || !isSlash(sortedEntries.get(0).key())) {
            return;
        }
        Object slashValue = sortedEntries.get(0).value();
        if (slashValue instanceof String) {
            throw new IpldException(DATA_MODEL_INVALID, "a map whose first key is \"/\" with a string value has no "
                    + "DAG-JSON form: it is reserved for links");
        }
        if (slashValue instanceof Map<?, ?> inner && firstKeyIsBytesWithString(inner)) {
            throw new IpldException(DATA_MODEL_INVALID, "a map whose first key is \"/\" holding a map whose first key "
                    + "is \"bytes\" with a string value has no DAG-JSON form: it is reserved for bytes");
        }
    }

    private static boolean isSlash(byte[] key) {
        return key.length == 1 && key[0] == '/';
    }

    private static boolean firstKeyIsBytesWithString(Map<?, ?> inner) {
        String firstKey = null;
        byte[] firstBytes = null;
        for (Object key : inner.keySet()) {
            if (key instanceof String text) {
                byte[] utf8 = Utf8.encode(text);
                if (firstBytes == null || Utf8.BYTEWISE.compare(utf8, firstBytes) < 0) {
                    firstBytes = utf8;
                    firstKey = text;
                }
            }
        }
        return "bytes".equals(firstKey) && inner.get(firstKey) instanceof String;
    }

    private static void writeString(ByteArrayOutputStream out, String text) {
        out.write('"');
        int runStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = escapeFor(c);
            if (escape != null) {
                out.writeBytes(Utf8.encode(text.substring(runStart, i)));
                ascii(out, escape);
                runStart = i + 1;
            }
        }
        out.writeBytes(Utf8.encode(text.substring(runStart)));
        out.write('"');
    }

    private static String escapeFor(char c) {
        return switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c < 0x20 ? String.format("\\u%04x", (int) c) : null;
        };
    }

    /**
     * The shortest decimal that reads back as {@code value}, laid out as JavaScript's Number#toString
     * does (plain notation for exponents -7 &lt; e &lt; 21, else {@code d.ddde±x}), plus {@code .0} when
     * the result would otherwise look like an integer.
     */
    static String formatFloat(double value) {
        if (value == 0) {
            return Double.doubleToRawLongBits(value) == 0 ? "0.0" : "-0.0";
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal shortest = exact;
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == value) {
                shortest = rounded;
                break;
            }
        }
        BigDecimal stripped = shortest.stripTrailingZeros();
        String digits = stripped.unscaledValue().abs().toString();
        int k = digits.length();
        int n = k - stripped.scale();
        StringBuilder text = new StringBuilder(k + 8);
        if (value < 0) {
            text.append('-');
        }
        if (k <= n && n <= 21) {
            text.append(digits).append("0".repeat(n - k)).append(".0");
        } else if (0 < n && n <= 21) {
            text.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            text.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            int exponent = n - 1;
            text.append(digits.charAt(0));
            if (k > 1) {
                text.append('.').append(digits, 1, k);
            }
            text.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return text.toString();
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        for (int i = 0; i < text.length(); i++) {
            out.write(text.charAt(i));
        }
    }
}

package io.strata.multiformats;

import java.util.Arrays;

import static io.strata.multiformats.MultiformatException.Code.MULTIBASE_INVALID_CHARACTER;
import static io.strata.multiformats.MultiformatException.Code.MULTIBASE_INVALID_LENGTH;
import static io.strata.multiformats.MultiformatException.Code.MULTIBASE_UNKNOWN_PREFIX;

/**
 * The multibase table's encodings with a one-character prefix (every entry except identity, proquint,
 * base45 and base256emoji). Two families: RFC 4648 bit packing (base2, base8, base16, base32*, base64*)
 * and base-x positional notation (base10, base36, base58*), where each leading zero byte becomes one
 * leading zero digit.
 *
 * <p>Decoding follows the multibase spec and js-multiformats: base16, base32 (except z-base-32) and base36
 * decode case-insensitively; RFC 4648 text must not leave a whole unused character or non-zero padding
 * bits; the {@code pad} variants require their '=' padding and the others reject it.
 */
public enum Multibase {
    BASE2('0', "base2", Family.RFC4648, "01", false, false),
    BASE8('7', "base8", Family.RFC4648, "01234567", false, false),
    BASE10('9', "base10", Family.BASE_X, "0123456789", false, false),
    BASE16('f', "base16", Family.RFC4648, "0123456789abcdef", false, true),
    BASE16_UPPER('F', "base16upper", Family.RFC4648, "0123456789ABCDEF", false, true),
    BASE32HEX('v', "base32hex", Family.RFC4648, "0123456789abcdefghijklmnopqrstuv", false, true),
    BASE32HEX_UPPER('V', "base32hexupper", Family.RFC4648, "0123456789ABCDEFGHIJKLMNOPQRSTUV", false, true),
    BASE32HEX_PAD('t', "base32hexpad", Family.RFC4648, "0123456789abcdefghijklmnopqrstuv", true, true),
    BASE32HEX_PAD_UPPER('T', "base32hexpadupper", Family.RFC4648, "0123456789ABCDEFGHIJKLMNOPQRSTUV", true, true),
    BASE32('b', "base32", Family.RFC4648, "abcdefghijklmnopqrstuvwxyz234567", false, true),
    BASE32_UPPER('B', "base32upper", Family.RFC4648, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", false, true),
    BASE32_PAD('c', "base32pad", Family.RFC4648, "abcdefghijklmnopqrstuvwxyz234567", true, true),
    BASE32_PAD_UPPER('C', "base32padupper", Family.RFC4648, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", true, true),
    BASE32Z('h', "base32z", Family.RFC4648, "ybndrfg8ejkmcpqxot1uwisza345h769", false, false),
    BASE36('k', "base36", Family.BASE_X, "0123456789abcdefghijklmnopqrstuvwxyz", false, true),
    BASE36_UPPER('K', "base36upper", Family.BASE_X, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", false, true),
    BASE58FLICKR('Z', "base58flickr", Family.BASE_X,
            "123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ", false, false),
    BASE58BTC('z', "base58btc", Family.BASE_X,
            "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", false, false),
    BASE64('m', "base64", Family.RFC4648,
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", false, false),
    BASE64_PAD('M', "base64pad", Family.RFC4648,
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true, false),
    BASE64URL('u', "base64url", Family.RFC4648,
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false, false),
    BASE64URL_PAD('U', "base64urlpad", Family.RFC4648,
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", true, false);

    private enum Family { RFC4648, BASE_X }

    private static final char PAD = '=';

    private final char prefix;
    private final String multibaseName;
    private final Family family;
    private final String alphabet;
    private final boolean padded;
    /** ASCII character to digit value, -1 where the character is not a digit of this base. */
    private final int[] digitValues;
    private final int bitsPerChar;

    Multibase(char prefix, String multibaseName, Family family, String alphabet, boolean padded,
              boolean caseInsensitive) {
        this.prefix = prefix;
        this.multibaseName = multibaseName;
        this.family = family;
        this.alphabet = alphabet;
        this.padded = padded;
        this.bitsPerChar = Integer.numberOfTrailingZeros(alphabet.length());
        this.digitValues = new int[128];
        Arrays.fill(digitValues, -1);
        for (int i = 0; i < alphabet.length(); i++) {
            char c = alphabet.charAt(i);
            digitValues[c] = i;
            if (caseInsensitive) {
                digitValues[Character.toLowerCase(c)] = i;
                digitValues[Character.toUpperCase(c)] = i;
            }
        }
    }

    public char prefix() {
        return prefix;
    }

    /** The name the multibase table (and Kubo's {@code --cid-base} / {@code -b}) uses. */
    public String multibaseName() {
        return multibaseName;
    }

    public static Multibase byName(String name) {
        for (Multibase base : values()) {
            if (base.multibaseName.equals(name)) {
                return base;
            }
        }
        throw new MultiformatException(MULTIBASE_UNKNOWN_PREFIX, "unknown multibase name '" + name + "'");
    }

    public static Multibase byPrefix(char prefix) {
        for (Multibase base : values()) {
            if (base.prefix == prefix) {
                return base;
            }
        }
        throw new MultiformatException(MULTIBASE_UNKNOWN_PREFIX,
                "unknown multibase prefix '" + printable(prefix) + "'");
    }

    /** Encodes with the multibase prefix. */
    public String encode(byte[] data) {
        StringBuilder out = new StringBuilder(1 + estimatedLength(data.length));
        out.append(prefix);
        appendEncoded(data, out);
        return out.toString();
    }

    /** Encodes without the prefix. */
    public String encodeRaw(byte[] data) {
        StringBuilder out = new StringBuilder(estimatedLength(data.length));
        appendEncoded(data, out);
        return out.toString();
    }

    /** Decodes a prefixed multibase string. */
    public static byte[] decode(String text) {
        if (text.isEmpty()) {
            throw new MultiformatException(MULTIBASE_INVALID_LENGTH, "empty multibase string: expected a prefix");
        }
        return byPrefix(text.charAt(0)).decodeFrom(text, 1);
    }

    /** Decodes text without a prefix; error positions count from the start of {@code text}. */
    public byte[] decodeRaw(String text) {
        return decodeFrom(text, 0);
    }

    private int estimatedLength(int byteCount) {
        return family == Family.RFC4648 ? (byteCount * 8 + bitsPerChar - 1) / bitsPerChar + 8 : byteCount * 2;
    }

    private void appendEncoded(byte[] data, StringBuilder out) {
        if (family == Family.RFC4648) {
            appendRfc4648(data, out);
        } else {
            appendBaseX(data, out);
        }
    }

    private byte[] decodeFrom(String text, int start) {
        return family == Family.RFC4648 ? decodeRfc4648(text, start) : decodeBaseX(text, start);
    }

    private void appendRfc4648(byte[] data, StringBuilder out) {
        int mask = (1 << bitsPerChar) - 1;
        int buffer = 0;
        int bits = 0;
        int written = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= bitsPerChar) {
                bits -= bitsPerChar;
                out.append(alphabet.charAt((buffer >> bits) & mask));
                written++;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (bitsPerChar - bits)) & mask));
            written++;
        }
        if (padded) {
            int group = charsPerGroup();
            while (written % group != 0) {
                out.append(PAD);
                written++;
            }
        }
    }

    /** Characters in one padding group: the smallest whole number of characters that is a whole number of bytes. */
    private int charsPerGroup() {
        // gcd(8, bitsPerChar) is the lowest set bit of bitsPerChar, which is at most 6
        return 8 / Integer.lowestOneBit(bitsPerChar);
    }

    private byte[] decodeRfc4648(String text, int start) {
        int end = text.length();
        if (padded) {
            end = checkPadding(text, start);
        }
        int length = end - start;
        long totalBits = (long) length * bitsPerChar;
        int unusedBits = (int) (totalBits % 8);
        if (unusedBits >= bitsPerChar) {
            throw new MultiformatException(MULTIBASE_INVALID_LENGTH, multibaseName + " text of " + length
                    + " characters cannot encode whole bytes: the last character would carry no data");
        }
        byte[] out = new byte[(int) (totalBits / 8)];
        int buffer = 0;
        int bits = 0;
        int position = 0;
        for (int i = start; i < end; i++) {
            buffer = (buffer << bitsPerChar) | digit(text, i);
            bits += bitsPerChar;
            if (bits >= 8) {
                bits -= 8;
                out[position++] = (byte) (buffer >> bits);
            }
        }
        if (bits > 0 && (buffer & ((1 << bits) - 1)) != 0) {
            throw new MultiformatException(MULTIBASE_INVALID_CHARACTER, multibaseName + " character '"
                    + printable(text.charAt(end - 1)) + "' at position " + (end - 1)
                    + " has non-zero padding bits: its last " + bits + " bits must be 0");
        }
        return out;
    }

    /** Checks the '=' padding of a padded variant and returns where the data characters end. */
    private int checkPadding(String text, int start) {
        int end = text.length();
        int dataEnd = end;
        while (dataEnd > start && text.charAt(dataEnd - 1) == PAD) {
            dataEnd--;
        }
        int group = charsPerGroup();
        if ((end - start) % group != 0) {
            throw new MultiformatException(MULTIBASE_INVALID_LENGTH, multibaseName + " text of " + (end - start)
                    + " characters is not padded with '=' to a multiple of " + group);
        }
        int padCount = end - dataEnd;
        int dataChars = dataEnd - start;
        int expectedPad = dataChars % group == 0 ? 0 : group - dataChars % group;
        if (padCount != expectedPad) {
            throw new MultiformatException(MULTIBASE_INVALID_LENGTH, multibaseName + " text has " + padCount
                    + " '=' padding characters after " + dataChars + " data characters; expected " + expectedPad);
        }
        return dataEnd;
    }

    /** Positional notation in this base, as base-x does: each leading zero byte becomes alphabet[0]. */
    private void appendBaseX(byte[] data, StringBuilder out) {
        int radix = alphabet.length();
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        // little-endian digits; log(256)/log(radix) <= 2.41 digits per byte for radix >= 10
        byte[] digits = new byte[(int) ((long) (data.length - zeros) * 241 / 100 + 1)];
        int digitCount = 0;
        for (int i = zeros; i < data.length; i++) {
            int carry = data[i] & 0xFF;
            for (int j = 0; j < digitCount; j++) {
                carry += (digits[j] & 0xFF) << 8;
                digits[j] = (byte) (carry % radix);
                carry /= radix;
            }
            while (carry > 0) {
                digits[digitCount++] = (byte) (carry % radix);
                carry /= radix;
            }
        }
        char zeroDigit = alphabet.charAt(0);
        for (int i = 0; i < zeros; i++) {
            out.append(zeroDigit);
        }
        for (int i = digitCount - 1; i >= 0; i--) {
            out.append(alphabet.charAt(digits[i]));
        }
    }

    private byte[] decodeBaseX(String text, int start) {
        int radix = alphabet.length();
        int zeros = 0;
        while (start + zeros < text.length() && digit(text, start + zeros) == 0) {
            zeros++;
        }
        // little-endian bytes; each digit adds at most log2(58) < 8 bits
        byte[] bytes = new byte[text.length() - start - zeros];
        int byteCount = 0;
        for (int i = start + zeros; i < text.length(); i++) {
            int carry = digit(text, i);
            for (int j = 0; j < byteCount; j++) {
                carry += (bytes[j] & 0xFF) * radix;
                bytes[j] = (byte) carry;
                carry >>>= 8;
            }
            while (carry > 0) {
                bytes[byteCount++] = (byte) carry;
                carry >>>= 8;
            }
        }
        byte[] out = new byte[zeros + byteCount];
        for (int i = 0; i < byteCount; i++) {
            out[zeros + i] = bytes[byteCount - 1 - i];
        }
        return out;
    }

    private int digit(String text, int index) {
        char c = text.charAt(index);
        int value = c < digitValues.length ? digitValues[c] : -1;
        if (value < 0) {
            throw new MultiformatException(MULTIBASE_INVALID_CHARACTER, "invalid " + multibaseName + " character '"
                    + printable(c) + "' at position " + index);
        }
        return value;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}

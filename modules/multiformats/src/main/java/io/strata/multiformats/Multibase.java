package io.strata.multiformats;

import java.util.Base64;

import static io.strata.multiformats.MultiformatException.Code.MULTIBASE_INVALID_CHARACTER;
import static io.strata.multiformats.MultiformatException.Code.MULTIBASE_INVALID_LENGTH;
import static io.strata.multiformats.MultiformatException.Code.MULTIBASE_UNKNOWN_PREFIX;

/** The multibase encodings IPFS uses, each with its one-character prefix. */
public enum Multibase {
    BASE16('f', "base16"),
    BASE16_UPPER('F', "base16upper"),
    BASE32('b', "base32"),
    BASE32_UPPER('B', "base32upper"),
    BASE36('k', "base36"),
    BASE36_UPPER('K', "base36upper"),
    BASE58BTC('z', "base58btc"),
    BASE64('m', "base64"),
    BASE64_PAD('M', "base64pad"),
    BASE64URL('u', "base64url"),
    BASE64URL_PAD('U', "base64urlpad");

    private static final String BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String BASE36_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String HEX_ALPHABET = "0123456789abcdef";

    private final char prefix;
    private final String multibaseName;

    Multibase(char prefix, String multibaseName) {
        this.prefix = prefix;
        this.multibaseName = multibaseName;
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
        return prefix + encodeRaw(data);
    }

    /** Encodes without the prefix. */
    public String encodeRaw(byte[] data) {
        return switch (this) {
            case BASE16 -> hex(data);
            case BASE16_UPPER -> hex(data).toUpperCase(java.util.Locale.ROOT);
            case BASE32 -> base32(data);
            case BASE32_UPPER -> base32(data).toUpperCase(java.util.Locale.ROOT);
            case BASE36 -> encodeBaseX(data, BASE36_ALPHABET);
            case BASE36_UPPER -> encodeBaseX(data, BASE36_ALPHABET).toUpperCase(java.util.Locale.ROOT);
            case BASE58BTC -> encodeBaseX(data, BASE58_ALPHABET);
            case BASE64 -> Base64.getEncoder().withoutPadding().encodeToString(data);
            case BASE64_PAD -> Base64.getEncoder().encodeToString(data);
            case BASE64URL -> Base64.getUrlEncoder().withoutPadding().encodeToString(data);
            case BASE64URL_PAD -> Base64.getUrlEncoder().encodeToString(data);
        };
    }

    /** Decodes a prefixed multibase string. */
    public static byte[] decode(String text) {
        if (text.isEmpty()) {
            throw new MultiformatException(MULTIBASE_INVALID_LENGTH, "empty multibase string");
        }
        return byPrefix(text.charAt(0)).decodeRaw(text, 1);
    }

    /** Decodes text without a prefix. */
    public byte[] decodeRaw(String text) {
        return decodeRaw(text, 0);
    }

    private byte[] decodeRaw(String text, int start) {
        return switch (this) {
            case BASE16, BASE16_UPPER -> unhex(text, start);
            case BASE32 -> unbase32(text, start, false);
            case BASE32_UPPER -> unbase32(text, start, true);
            case BASE36 -> decodeBaseX(text, start, BASE36_ALPHABET, false);
            case BASE36_UPPER -> decodeBaseX(text, start, BASE36_ALPHABET, true);
            case BASE58BTC -> decodeBaseX(text, start, BASE58_ALPHABET, false);
            case BASE64, BASE64_PAD -> base64(text, start, Base64.getDecoder(), this == BASE64_PAD);
            case BASE64URL, BASE64URL_PAD -> base64(text, start, Base64.getUrlDecoder(), this == BASE64URL_PAD);
        };
    }

    private static String hex(byte[] data) {
        char[] out = new char[data.length * 2];
        for (int i = 0; i < data.length; i++) {
            out[2 * i] = HEX_ALPHABET.charAt((data[i] >> 4) & 0xF);
            out[2 * i + 1] = HEX_ALPHABET.charAt(data[i] & 0xF);
        }
        return new String(out);
    }

    private static byte[] unhex(String text, int start) {
        int length = text.length() - start;
        if (length % 2 != 0) {
            throw new MultiformatException(MULTIBASE_INVALID_LENGTH, "base16 text has an odd number of digits");
        }
        byte[] out = new byte[length / 2];
        for (int i = 0; i < out.length; i++) {
            int high = hexDigit(text, start + 2 * i);
            int low = hexDigit(text, start + 2 * i + 1);
            out[i] = (byte) ((high << 4) | low);
        }
        return out;
    }

    private static int hexDigit(String text, int index) {
        int digit = Character.digit(text.charAt(index), 16);
        if (digit < 0) {
            throw invalidCharacter(text, index, "base16");
        }
        return digit;
    }

    private static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32_ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32_ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    private static byte[] unbase32(String text, int start, boolean upper) {
        int end = text.length();
        int length = end - start;
        int remainder = length % 8;
        if (remainder == 1 || remainder == 3 || remainder == 6) {
            throw new MultiformatException(MULTIBASE_INVALID_LENGTH,
                    "base32 text of " + length + " characters cannot encode whole bytes");
        }
        byte[] out = new byte[length * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int position = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            char lower = upper ? Character.toLowerCase(c) : c;
            int value = (upper && c != Character.toUpperCase(c)) ? -1 : BASE32_ALPHABET.indexOf(lower);
            if (value < 0) {
                throw invalidCharacter(text, i, upper ? "base32upper" : "base32");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[position++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new MultiformatException(MULTIBASE_INVALID_LENGTH, "base32 text has non-zero trailing bits");
        }
        return out;
    }

    private static byte[] base64(String text, int start, Base64.Decoder decoder, boolean padded) {
        String body = text.substring(start);
        if (!padded && body.indexOf('=') >= 0) {
            throw invalidCharacter(text, start + body.indexOf('='), "unpadded base64");
        }
        try {
            return decoder.decode(body);
        } catch (IllegalArgumentException e) {
            throw new MultiformatException(MULTIBASE_INVALID_CHARACTER, "invalid base64 text: " + e.getMessage());
        }
    }

    /** Positional encoding in an arbitrary radix, as base-x does: each leading zero byte becomes alphabet[0]. */
    private static String encodeBaseX(byte[] data, String alphabet) {
        int radix = alphabet.length();
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        byte[] digits = new byte[(data.length - zeros) * 2 + 1];
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
        StringBuilder out = new StringBuilder(zeros + digitCount);
        for (int i = 0; i < zeros; i++) {
            out.append(alphabet.charAt(0));
        }
        for (int i = digitCount - 1; i >= 0; i--) {
            out.append(alphabet.charAt(digits[i]));
        }
        return out.toString();
    }

    private static byte[] decodeBaseX(String text, int start, String alphabet, boolean upper) {
        int radix = alphabet.length();
        char zeroChar = alphabet.charAt(0);
        int zeros = 0;
        while (start + zeros < text.length() && text.charAt(start + zeros) == zeroChar) {
            zeros++;
        }
        byte[] bytes = new byte[text.length() - start];
        int byteCount = 0;
        for (int i = start + zeros; i < text.length(); i++) {
            char c = text.charAt(i);
            int value;
            if (upper) {
                value = Character.isLowerCase(c) ? -1 : alphabet.indexOf(Character.toLowerCase(c));
            } else {
                value = alphabet.indexOf(c);
            }
            if (value < 0) {
                throw invalidCharacter(text, i, radix == 58 ? "base58btc" : (upper ? "base36upper" : "base36"));
            }
            int carry = value;
            for (int j = 0; j < byteCount; j++) {
                carry += (bytes[j] & 0xFF) * radix;
                bytes[j] = (byte) carry;
                carry >>= 8;
            }
            while (carry > 0) {
                bytes[byteCount++] = (byte) carry;
                carry >>= 8;
            }
        }
        byte[] out = new byte[zeros + byteCount];
        for (int i = 0; i < byteCount; i++) {
            out[zeros + i] = bytes[byteCount - 1 - i];
        }
        return out;
    }

    private static MultiformatException invalidCharacter(String text, int index, String base) {
        return new MultiformatException(MULTIBASE_INVALID_CHARACTER,
                "invalid " + base + " character '" + printable(text.charAt(index)) + "' at position " + index);
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}

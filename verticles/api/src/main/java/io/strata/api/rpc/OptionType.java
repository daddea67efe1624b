package io.strata.api.rpc;

import java.util.Locale;

/** Option value types with the parsing rules and type names of Kubo's command library. */
public enum OptionType {
    BOOL("bool"),
    INT("int"),
    INT64("int64"),
    UINT64("uint64"),
    STRING("string"),
    STRINGS("slice");

    private final String goName;

    OptionType(String goName) {
        this.goName = goName;
    }

    /** Converts one query-string value; {@code null} when it is not a valid value of this type. */
    Object parse(String text) {
        return switch (this) {
            case BOOL -> parseBool(text);
            case INT -> parseInteger(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64 -> parseInteger(text, Long.MIN_VALUE, Long.MAX_VALUE);
            case UINT64 -> text.startsWith("-") || text.startsWith("+") ? null : parseInteger(text, 0, Long.MAX_VALUE);
            case STRING, STRINGS -> text;
        };
    }

    String goName() {
        return goName;
    }

    /** A bare flag ({@code ?quiet} or {@code ?quiet=}) means true, as in Go's command library. */
    private static Boolean parseBool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "", "1", "t", "true" -> Boolean.TRUE;
            case "0", "f", "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** Integers in Go's base-0 syntax: decimal, or 0x/0o/0b prefixed, with an optional sign. */
    private static Long parseInteger(String text, long min, long max) {
        String digits = text;
        boolean negative = false;
        if (digits.startsWith("-") || digits.startsWith("+")) {
            negative = digits.charAt(0) == '-';
            digits = digits.substring(1);
        }
        int radix = 10;
        String lower = digits.toLowerCase(Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            digits = digits.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
            digits = digits.substring(1);
        }
        if (digits.isEmpty() || digits.startsWith("-") || digits.startsWith("+")) {
            return null;
        }
        try {
            long value = Long.parseLong(negative ? "-" + digits : digits, radix);
            return value < min || value > max ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package io.strata.ipns.verticle;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * Durations written as Go's {@code time.ParseDuration} reads them, as Kubo's options ({@code --lifetime=48h},
 * {@code --ttl=1m30s}) and config take them: a sequence of decimal numbers with units ns, us (or µs), ms, s, m, h.
 */
public final class GoDuration {

    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    /** @throws IllegalArgumentException with a message naming the text, for anything else */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("invalid duration \"\"");
        }
        String rest = text;
        boolean negative = false;
        if (rest.startsWith("-") || rest.startsWith("+")) {
            negative = rest.startsWith("-");
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return Duration.ZERO;
        }
        BigDecimal totalNanos = BigDecimal.ZERO;
        int position = 0;
        if (rest.isEmpty()) {
            throw invalid(text);
        }
        while (position < rest.length()) {
            int numberStart = position;
            while (position < rest.length() && (Character.isDigit(rest.charAt(position)) || rest.charAt(position) == '.')) {
                position++;
            }
            int unitStart = position;
            while (position < rest.length() && !Character.isDigit(rest.charAt(position)) && rest.charAt(position) != '.') {
                position++;
            }
            String number = rest.substring(numberStart, unitStart);
            Long unit = UNIT_NANOS.get(rest.substring(unitStart, position));
            if (number.isEmpty() || number.equals(".") || unit == null) {
                throw invalid(text);
            }
            try {
                totalNanos = totalNanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
        }
        long nanos;
        try {
            nanos = totalNanos.longValueExact();
        } catch (ArithmeticException e) {
            if (totalNanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\": out of range");
            }
            nanos = totalNanos.longValue();
        }
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration \"" + text + "\"");
    }
}

package io.strata.gateway;

import java.util.Optional;

/**
 * The trustless gateway's {@code entity-bytes=from:to}: an inclusive byte range of a file in which
 * negative numbers count from the end and {@code to} may be {@code *} (the end).
 *
 * @param from first byte; negative counts from the end
 * @param to   last byte, inclusive; negative counts from the end; empty for {@code *}
 */
record EntityBytes(long from, Optional<Long> to) {

    static EntityBytes parse(String value) {
        int colon = value.indexOf(':');
        if (colon < 0 || value.indexOf(':', colon + 1) >= 0) {
            throw GatewayException.badRequest("entity-bytes must be from:to, got '" + value + "'");
        }
        String fromText = value.substring(0, colon);
        String toText = value.substring(colon + 1);
        long from = parseOffset(fromText, value);
        Optional<Long> to = toText.equals("*") ? Optional.empty() : Optional.of(parseOffset(toText, value));
        if (to.isPresent() && from >= 0 && to.get() >= 0 && to.get() < from) {
            throw GatewayException.badRequest("entity-bytes ends before it starts: '" + value + "'");
        }
        return new EntityBytes(from, to);
    }

    private static long parseOffset(String text, String value) {
        if (text.isEmpty() || !text.matches("-?[0-9]{1,19}")) {
            throw GatewayException.badRequest("entity-bytes must be from:to with integers or '*', got '" + value + "'");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw GatewayException.badRequest("entity-bytes offset out of range in '" + value + "'");
        }
    }

    /**
     * The absolute inclusive range within a file of {@code size} bytes, or empty when it selects no byte
     * (a zero-length range or one wholly outside the file).
     */
    Optional<long[]> resolve(long size) {
        long first = from < 0 ? Math.max(0, size + from) : from;
        long last = to.map(end -> end < 0 ? size + end : Math.min(end, size - 1)).orElse(size - 1);
        if (size == 0 || first >= size || last < first) {
            return Optional.empty();
        }
        return Optional.of(new long[]{first, last});
    }

    @Override
    public String toString() {
        return from + ":" + to.map(String::valueOf).orElse("*");
    }
}

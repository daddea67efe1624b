package io.strata.gateway;

import java.util.Optional;

/**
 * One byte range of an HTTP {@code Range: bytes=...} header, resolved against the content size.
 *
 * @param first  first byte, inclusive
 * @param length number of bytes
 */
record ByteRange(long first, long length) {

    /** The header value names a range, but none of it lies within the content. */
    static final class UnsatisfiableException extends RuntimeException {
        UnsatisfiableException(String message) {
            super(message);
        }
    }

    long last() {
        return first + length - 1;
    }

    /** {@code bytes first-last/size}, for {@code Content-Range}. */
    String contentRange(long size) {
        return "bytes " + first + "-" + last() + "/" + size;
    }

    /**
     * The single range a {@code Range} header asks for. Empty when there is no header, or when it should be
     * ignored (another unit, several ranges, or a syntax error: RFC 9110 lets a server answer those with
     * the whole content).
     *
     * @throws UnsatisfiableException when the range starts past the end (HTTP 416)
     */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return Optional.empty();
        }
        String spec = value.substring(6).trim();
        if (spec.contains(",")) {
            return Optional.empty();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String firstText = spec.substring(0, dash).trim();
        String lastText = spec.substring(dash + 1).trim();
        if (!firstText.matches("[0-9]{0,18}") || !lastText.matches("[0-9]{0,18}")
                || (firstText.isEmpty() && lastText.isEmpty())) {
            return Optional.empty();
        }
        if (firstText.isEmpty()) {
            long suffix = Long.parseLong(lastText);
            if (suffix == 0 || size == 0) {
                throw new UnsatisfiableException("range " + spec + " selects no byte of " + size);
            }
            long length = Math.min(suffix, size);
            return Optional.of(new ByteRange(size - length, length));
        }
        long first = Long.parseLong(firstText);
        if (!lastText.isEmpty() && Long.parseLong(lastText) < first) {
            return Optional.empty();
        }
        if (first >= size) {
            throw new UnsatisfiableException("range " + spec + " starts at or after the end (" + size + " bytes)");
        }
        long last = lastText.isEmpty() ? size - 1 : Math.min(Long.parseLong(lastText), size - 1);
        return Optional.of(new ByteRange(first, last - first + 1));
    }
}

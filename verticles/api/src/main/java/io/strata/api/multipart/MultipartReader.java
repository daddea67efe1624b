package io.strata.api.multipart;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming multipart/form-data parser (RFC 7578) over a blocking stream: parts come one at a time
 * and each part's body is read through, never buffered whole. A body that ends before the closing
 * delimiter fails with {@link MultipartException}, so a cut-off upload is never taken for a complete one.
 */
public final class MultipartReader {

    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final InputStream source;
    private final byte[] delimiter;
    /** Boyer-Moore-Horspool shifts: how far the delimiter may move when a byte ends a mismatched window. */
    private final int[] shifts = new int[256];
    private final byte[] buffer;
    private int position;
    private int limit;
    /** No delimiter starts before this index: the buffer is searched once, however it is read. */
    private int searchedTo;
    private boolean sourceEnded;
    private boolean finished;
    private PartBody currentBody;

    public MultipartReader(InputStream source, String boundary) {
        this.source = source;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Arrays.fill(shifts, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            shifts[delimiter[i] & 0xFF] = delimiter.length - 1 - i;
        }
        this.buffer = new byte[Math.max(BUFFER_BYTES, delimiter.length * 4)];
        // The first delimiter has no preceding line break; pretend it does so every delimiter looks alike.
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
    }

    /** The boundary parameter of a multipart Content-Type header. */
    public static String boundaryOf(String contentType) {
        if (contentType == null) {
            throw new IllegalArgumentException("no Content-Type header");
        }
        Map<String, String> parameters = parameters(contentType);
        String boundary = parameters.get("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw new IllegalArgumentException("multipart Content-Type without a valid boundary: " + contentType);
        }
        return boundary;
    }

    /** The next part, or {@code null} after the closing delimiter. The previous part's unread rest is skipped. */
    public Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (currentBody != null) {
            currentBody.skipRest();
        } else {
            skipPreamble();
        }
        position += delimiter.length;
        ensure(2);
        if (limit - position >= 2 && buffer[position] == '-' && buffer[position + 1] == '-') {
            finished = true;
            currentBody = null;
            return null;
        }
        skipLineEnd();
        Map<String, String> headers = readHeaders();
        Map<String, String> disposition = parameters(headers.getOrDefault("content-disposition", ""));
        String fileName = disposition.getOrDefault("filename", "");
        String decoded;
        try {
            decoded = URLDecoder.decode(fileName, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MultipartException("malformed percent-encoding in the part's filename: " + e.getMessage());
        }
        currentBody = new PartBody();
        return new Part(headers, disposition.getOrDefault("name", ""), decoded, currentBody);
    }

    private void skipPreamble() throws IOException {
        while (true) {
            ensure(delimiter.length);
            int found = indexOfDelimiter();
            if (found >= 0) {
                position = found;
                return;
            }
            if (sourceEnded) {
                throw new MultipartException("multipart body has no boundary delimiter");
            }
            position = Math.max(position, limit - delimiter.length + 1);
        }
    }

    /** Transport padding (spaces, tabs) may follow a delimiter before its line break. */
    private void skipLineEnd() throws IOException {
        while (true) {
            ensure(2);
            if (limit - position < 2) {
                throw truncated();
            }
            byte b = buffer[position];
            if (b == ' ' || b == '\t') {
                position++;
                continue;
            }
            if (b == '\r' && buffer[position + 1] == '\n') {
                position += 2;
                return;
            }
            throw new MultipartException("malformed multipart delimiter line");
        }
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = readLine();
            total += line.length() + 2;
            if (total > MAX_HEADER_BYTES) {
                throw new MultipartException("multipart part headers exceed " + MAX_HEADER_BYTES + " bytes");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MultipartException("malformed multipart header line: " + line);
            }
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            ensure(2);
            if (limit - position < 2) {
                throw truncated();
            }
            if (buffer[position] == '\r' && buffer[position + 1] == '\n') {
                position += 2;
                return new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
            line.append((char) (buffer[position++] & 0xFF));
            if (line.length() > MAX_HEADER_BYTES) {
                throw new MultipartException("multipart header line exceeds " + MAX_HEADER_BYTES + " bytes");
            }
        }
    }

    /** Makes at least {@code count} bytes available from {@code position}, unless the source ends first. */
    private void ensure(int count) throws IOException {
        if (limit - position >= count) {
            return;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            searchedTo = Math.max(0, searchedTo - position);
            position = 0;
        }
        while (limit - position < count && !sourceEnded) {
            int read = source.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                sourceEnded = true;
            } else {
                limit += read;
            }
        }
    }

    /**
     * The index of the next delimiter at or after {@code position}, or -1 when none starts before
     * {@link #searchedTo}, which then marks where the bytes that might begin one start.
     */
    private int indexOfDelimiter() {
        int last = delimiter.length - 1;
        byte lastByte = delimiter[last];
        int start = Math.max(position, searchedTo);
        while (start + last < limit) {
            byte tail = buffer[start + last];
            if (tail == lastByte && Arrays.equals(buffer, start, start + last, delimiter, 0, last)) {
                searchedTo = start;
                return start;
            }
            start += shifts[tail & 0xFF];
        }
        searchedTo = start;
        return -1;
    }

    private static MultipartException truncated() {
        return new MultipartException("multipart body truncated: it ended before the closing boundary");
    }

    /** Splits {@code value; key=value; key="quoted value"} into lower-case keys and unquoted values. */
    static Map<String, String> parameters(String header) {
        Map<String, String> result = new HashMap<>();
        int index = header.indexOf(';');
        while (index >= 0 && index < header.length()) {
            int start = index + 1;
            int equals = header.indexOf('=', start);
            if (equals < 0) {
                break;
            }
            String key = header.substring(start, equals).trim().toLowerCase(Locale.ROOT);
            int valueStart = equals + 1;
            while (valueStart < header.length() && header.charAt(valueStart) == ' ') {
                valueStart++;
            }
            StringBuilder value = new StringBuilder();
            int cursor = valueStart;
            if (cursor < header.length() && header.charAt(cursor) == '"') {
                cursor++;
                while (cursor < header.length() && header.charAt(cursor) != '"') {
                    char c = header.charAt(cursor);
                    if (c == '\\' && cursor + 1 < header.length()) {
                        cursor++;
                        c = header.charAt(cursor);
                    }
                    value.append(c);
                    cursor++;
                }
                cursor = header.indexOf(';', cursor);
            } else {
                int end = header.indexOf(';', cursor);
                value.append(header, cursor, end < 0 ? header.length() : end);
                cursor = end;
            }
            result.put(key, key.equals("filename") || key.equals("name") ? value.toString() : value.toString().trim());
            index = cursor;
        }
        return result;
    }

    /** The body of the current part: bytes up to the next delimiter. */
    private final class PartBody extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int count = read(one, 0, 1);
            return count < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (done || currentBody != this) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            while (true) {
                int found = indexOfDelimiter();
                int safe;
                if (found >= 0) {
                    safe = found - position;
                    if (safe == 0) {
                        done = true;
                        return -1;
                    }
                } else if (sourceEnded) {
                    throw truncated();
                } else {
                    safe = searchedTo - position;
                }
                if (safe > 0) {
                    int count = Math.min(length, safe);
                    System.arraycopy(buffer, position, target, offset, count);
                    position += count;
                    return count;
                }
                ensure(Math.min(buffer.length, limit - position + BUFFER_BYTES / 2));
            }
        }

        void skipRest() throws IOException {
            byte[] scratch = new byte[8192];
            while (read(scratch, 0, scratch.length) >= 0) {
                // drain to the delimiter
            }
        }
    }
}

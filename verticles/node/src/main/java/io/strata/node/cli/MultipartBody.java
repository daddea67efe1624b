package io.strata.node.cli;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;

/**
 * A multipart/form-data request body as Kubo's clients send files: one part per file or directory, named
 * {@code file}, with the path (query-escaped) as filename and {@code application/x-directory} for
 * directories. Files are opened one at a time as the body is sent, never read into memory.
 */
final class MultipartBody {

    private final String boundary;
    private final List<Part> parts = new ArrayList<>();

    private record Part(String path, boolean directory, Path file, InputStream stream) {
    }

    MultipartBody() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.boundary = "strata-" + HexFormat.of().formatHex(random);
    }

    MultipartBody file(String path, Path file) {
        parts.add(new Part(path, false, file, null));
        return this;
    }

    MultipartBody directory(String path) {
        parts.add(new Part(path, true, null, null));
        return this;
    }

    MultipartBody stream(String path, InputStream stream) {
        parts.add(new Part(path, false, null, stream));
        return this;
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** Bytes of file content in the body (streams of unknown length count as 0). */
    long contentBytes() throws IOException {
        long total = 0;
        for (Part part : parts) {
            if (part.file() != null) {
                total += Files.size(part.file());
            }
        }
        return total;
    }

    /** The body; {@code onContent} hears how many content bytes have been read so far. */
    HttpRequest.BodyPublisher publisher(LongConsumer onContent) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(segments(onContent)));
    }

    private Enumeration<InputStream> segments(LongConsumer onContent) {
        Iterator<Part> remaining = parts.iterator();
        long[] sent = {0};
        return new Enumeration<>() {
            private boolean closed;
            private final List<InputStream> pending = new ArrayList<>();

            @Override
            public boolean hasMoreElements() {
                fill();
                return !pending.isEmpty();
            }

            @Override
            public InputStream nextElement() {
                fill();
                if (pending.isEmpty()) {
                    throw new NoSuchElementException();
                }
                return pending.remove(0);
            }

            private void fill() {
                if (!pending.isEmpty() || closed) {
                    return;
                }
                if (!remaining.hasNext()) {
                    pending.add(ascii("--" + boundary + "--\r\n"));
                    closed = true;
                    return;
                }
                Part part = remaining.next();
                pending.add(ascii("--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\"" + escape(part.path()) + "\"\r\n"
                        + "Content-Type: " + (part.directory() ? "application/x-directory" : "application/octet-stream")
                        + "\r\n\r\n"));
                if (!part.directory()) {
                    pending.add(counting(open(part), count -> {
                        sent[0] += count;
                        onContent.accept(sent[0]);
                    }));
                }
                pending.add(ascii("\r\n"));
            }
        };
    }

    private static InputStream open(Part part) {
        if (part.stream() != null) {
            return part.stream();
        }
        try {
            return Files.newInputStream(part.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + part.file() + ": " + e.getMessage(), e);
        }
    }

    private static InputStream counting(InputStream in, LongConsumer onRead) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    onRead.accept(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    onRead.accept(n);
                }
                return n;
            }
        };
    }

    /** Go's url.QueryEscape, which Kubo's server reverses. */
    private static String escape(String path) {
        return URLEncoder.encode(path, StandardCharsets.UTF_8);
    }

    private static InputStream ascii(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}

package io.strata.api.multipart;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipartReaderTest {

    private static final String BOUNDARY = "----strataBoundary7MA4YWxkTrZu0gW";

    @Test
    void readsFilesAndDirectoriesWithUrlEncodedNames() throws IOException {
        String body = "preamble to ignore\r\n"
                + "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"dir\"\r\n"
                + "Content-Type: application/x-directory\r\n\r\n"
                + "\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"dir%2Fsub%20dir%2Fa.txt\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + "hello\r\nworld\r\n-- not a boundary"
                + "\r\n--" + BOUNDARY + "--\r\n";
        MultipartReader reader = new MultipartReader(stream(body.getBytes(StandardCharsets.UTF_8)), BOUNDARY);

        Part directory = reader.next();
        assertEquals("dir", directory.fileName());
        assertTrue(directory.isDirectory());
        assertEquals(0, directory.body().readAllBytes().length);

        Part file = reader.next();
        assertEquals("dir/sub dir/a.txt", file.fileName());
        assertEquals("file", file.fieldName());
        assertEquals("application/octet-stream", file.contentType());
        assertEquals("hello\r\nworld\r\n-- not a boundary", new String(file.body().readAllBytes(), StandardCharsets.UTF_8));

        assertNull(reader.next());
    }

    @Test
    void streamsLargeBinaryPartsThroughSmallReads() throws IOException {
        byte[] content = new byte[1_000_003];
        new Random(7).nextBytes(content);
        byte[] body = concat(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"blob\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), content, ("\r\n--" + BOUNDARY + "--").getBytes(StandardCharsets.US_ASCII));
        MultipartReader reader = new MultipartReader(new TrickleInputStream(body, 977), BOUNDARY);

        Part part = reader.next();
        assertArrayEquals(content, part.body().readAllBytes());
        assertNull(reader.next());
    }

    @Test
    void skipsUnreadRestOfAPart() throws IOException {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nfirst"
                + "\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nsecond"
                + "\r\n--" + BOUNDARY + "--\r\n";
        MultipartReader reader = new MultipartReader(stream(body.getBytes(StandardCharsets.UTF_8)), BOUNDARY);

        assertEquals("a", reader.next().fieldName());
        Part second = reader.next();
        assertEquals("b", second.fieldName());
        assertEquals("second", new String(second.body().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void truncatedBodyFailsInsteadOfEndingThePart() throws IOException {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n"
                + "only half of the fi";
        MultipartReader reader = new MultipartReader(stream(body.getBytes(StandardCharsets.UTF_8)), BOUNDARY);
        Part part = reader.next();

        MultipartException error = assertThrows(MultipartException.class, () -> part.body().readAllBytes());
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void truncatedHeadersFail() {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-da";
        MultipartReader reader = new MultipartReader(stream(body.getBytes(StandardCharsets.UTF_8)), BOUNDARY);

        assertThrows(MultipartException.class, reader::next);
    }

    @Test
    void malformedPercentEncodingInFileNameFailsAsMultipart() {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%2\"\r\n\r\n"
                + "x\r\n--" + BOUNDARY + "--\r\n";
        MultipartReader reader = new MultipartReader(stream(body.getBytes(StandardCharsets.UTF_8)), BOUNDARY);

        MultipartException error = assertThrows(MultipartException.class, reader::next);
        assertTrue(error.getMessage().contains("filename"), error.getMessage());
    }

    @Test
    void bodyWithoutAnyDelimiterFails() {
        MultipartReader reader = new MultipartReader(stream("just some bytes".getBytes(StandardCharsets.UTF_8)), BOUNDARY);

        assertThrows(MultipartException.class, reader::next);
    }

    @Test
    void partsFullOfNearDelimitersSurviveEveryReadAndArrivalSize() throws IOException {
        Random random = new Random(11);
        // Pieces that start or almost complete a delimiter, chosen so that no sequence of them completes one.
        String almost = BOUNDARY.substring(0, BOUNDARY.length() - 1) + "X";
        String[] traps = {"\r\n--" + almost, "\r\n-", "\r\r\n--", almost, "\r\n--" + BOUNDARY.substring(1)};
        for (int round = 0; round < 80; round++) {
            int partCount = 1 + random.nextInt(4);
            byte[][] contents = new byte[partCount][];
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int i = 0; i < partCount; i++) {
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                int pieces = random.nextInt(30);
                for (int j = 0; j < pieces; j++) {
                    if (random.nextBoolean()) {
                        content.writeBytes(traps[random.nextInt(traps.length)].getBytes(StandardCharsets.US_ASCII));
                    } else {
                        byte[] noise = new byte[random.nextInt(random.nextBoolean() ? 50 : 70_000)];
                        random.nextBytes(noise);
                        content.writeBytes(noise);
                    }
                }
                contents[i] = content.toByteArray();
                body.writeBytes(((i == 0 ? "" : "\r\n") + "--" + BOUNDARY
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f" + i + "\"\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                body.writeBytes(contents[i]);
            }
            body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            MultipartReader reader = new MultipartReader(
                    new TrickleInputStream(body.toByteArray(), 1 + random.nextInt(100_000)), BOUNDARY);
            int readSize = 1 + random.nextInt(300_000);

            for (int i = 0; i < partCount; i++) {
                Part part = reader.next();
                assertEquals("f" + i, part.fileName());
                assertArrayEquals(contents[i], readInPieces(part.body(), readSize), "round " + round + " part " + i);
            }
            assertNull(reader.next());
        }
    }

    private static byte[] readInPieces(InputStream in, int readSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] piece = new byte[readSize];
        int count;
        while ((count = in.read(piece, 0, piece.length)) >= 0) {
            out.write(piece, 0, count);
        }
        return out.toByteArray();
    }

    @Test
    void boundaryIsTakenFromQuotedOrBareParameter() {
        assertEquals("abc", MultipartReader.boundaryOf("multipart/form-data; boundary=abc"));
        assertEquals("a b;c", MultipartReader.boundaryOf("multipart/form-data; charset=utf-8; boundary=\"a b;c\""));
        assertThrows(IllegalArgumentException.class, () -> MultipartReader.boundaryOf("multipart/form-data"));
    }

    private static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int position = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, position, part.length);
            position += part.length;
        }
        return out;
    }

    /** Hands out at most {@code step} bytes per read, as a network stream does. */
    private static final class TrickleInputStream extends InputStream {
        private final byte[] data;
        private final int step;
        private int position;

        TrickleInputStream(byte[] data, int step) {
            this.data = data;
            this.step = step;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= data.length) {
                return -1;
            }
            int count = Math.min(Math.min(length, step), data.length - position);
            System.arraycopy(data, position, target, offset, count);
            position += count;
            return count;
        }
    }
}

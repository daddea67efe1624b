package io.strata.node.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.strata.node.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI against a stand-in RPC server that records requests and answers as Kubo does. */
class CliTest {

    private HttpServer server;
    private final List<Recorded> requests = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private record Recorded(String path, String query, String contentType, byte[] body) {
    }

    private interface Reply {
        void send(HttpExchange exchange) throws IOException;
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void answer(String command, Reply reply) {
        server.createContext("/api/v0/" + command, exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (requests) {
                requests.add(new Recorded(exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body));
            }
            reply.send(exchange);
            exchange.close();
        });
    }

    private static Reply status(int status, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    private static Reply bytes(byte[] body) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(body);
            }
        };
    }

    private int strata(String... args) {
        String api = "/ip4/127.0.0.1/tcp/" + server.getAddress().getPort();
        Main main = new Main(new ByteArrayInputStream("from stdin".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true), new PrintStream(err, true), Map.of("STRATA_API", api));
        return main.execute(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void addStreamsADirectoryAsKuboMultipart(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectory(dir.resolve("docs"));
        Files.writeString(root.resolve("a.txt"), "alpha");
        Files.createDirectory(root.resolve("sub"));
        Files.writeString(root.resolve("sub/b.txt"), "beta");
        answer("add", status(200, """
                {"Name":"docs/a.txt","Hash":"bafkA","Size":"13"}
                {"Name":"docs/sub/b.txt","Hash":"bafkB","Size":"12"}
                {"Name":"docs","Hash":"bafyRoot","Size":"200"}
                """));

        assertEquals(0, strata("add", "-r", "--cid-version", "1", "--raw-leaves", root.toString()), stderr());

        assertEquals("added bafkA docs/a.txt\nadded bafkB docs/sub/b.txt\nadded bafyRoot docs\n", stdout());
        Recorded request = requests.get(0);
        assertEquals("recursive=true&cid-version=1&raw-leaves=true&pin=true", request.query());
        assertTrue(request.contentType().startsWith("multipart/form-data; boundary="), request.contentType());
        String body = new String(request.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("filename=\"docs\"\r\nContent-Type: application/x-directory"), body);
        assertTrue(body.contains("filename=\"docs%2Fa.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nalpha\r\n"), body);
        assertTrue(body.contains("filename=\"docs%2Fsub%2Fb.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nbeta\r\n"), body);
        assertTrue(body.endsWith("--\r\n"), body);
    }

    @Test
    void addQuietPrintsHashesAndReadsStdinWithoutPaths() {
        answer("add", status(200, "{\"Name\":\"bafkStdin\",\"Hash\":\"bafkStdin\",\"Size\":\"18\"}\n"));
        assertEquals(0, strata("add", "-q", "--pin=false"), stderr());
        assertEquals("bafkStdin\n", stdout());
        assertEquals("pin=false", requests.get(0).query());
        assertTrue(new String(requests.get(0).body(), StandardCharsets.UTF_8).contains("\r\n\r\nfrom stdin\r\n"));
    }

    @Test
    void serverErrorsPrintTheMessageAndExitOne() {
        answer("cat", status(500, "{\"Message\":\"invalid path \\\"nope\\\": not a CID\",\"Code\":0,\"Type\":\"error\"}"));
        assertEquals(1, strata("cat", "nope"));
        assertEquals("Error: invalid path \"nope\": not a CID\n", stderr());
        assertEquals("", stdout());
    }

    @Test
    void anUnreachableApiIsReportedNotThrown() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        Main main = new Main(java.io.InputStream.nullInputStream(), new PrintStream(out, true), new PrintStream(err, true), Map.of());
        assertEquals(1, main.execute("cat", "--api", "http://127.0.0.1:" + port, "bafk"));
        assertTrue(stderr().startsWith("Error: cannot connect to the API at http://127.0.0.1:" + port), stderr());
    }

    @Test
    void catStreamsBytesAndPassesArguments() {
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        answer("cat", bytes(content));
        assertEquals(0, strata("cat", "-o", "5", "/ipfs/bafyRoot/a.txt"), stderr());
        assertEquals(java.util.Arrays.toString(content), java.util.Arrays.toString(out.toByteArray()));
        assertEquals("offset=5&arg=%2Fipfs%2FbafyRoot%2Fa.txt", requests.get(0).query());
    }

    @Test
    void aBodyShorterThanItsAnnouncedLengthIsAnError() {
        answer("cat", exchange -> {
            exchange.getResponseHeaders().add("X-Content-Length", "1000");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(new byte[600]);
            }
        });
        assertEquals(1, strata("cat", "bafyTruncated"));
        assertEquals("Error: cat ended after 600 of 1000 bytes: the node failed while sending\n", stderr());
    }

    @Test
    void getUnpacksTheTarStreamUnderTheOutputName(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tarEntry(tar, "bafyRoot", '5', new byte[0]);
        tarEntry(tar, "bafyRoot/hello.txt", '0', "hello world\n".getBytes(StandardCharsets.UTF_8));
        tar.write(new byte[1024]);
        answer("get", bytes(tar.toByteArray()));
        Path output = dir.resolve("site");
        assertEquals(0, strata("get", "-o", output.toString(), "bafyRoot"), stderr());
        assertEquals("hello world\n", Files.readString(output.resolve("hello.txt")));
    }

    @Test
    void tarEntriesMayNotEscapeTheOutputDirectory(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tarEntry(tar, "root/../../evil.txt", '0', "x".getBytes(StandardCharsets.UTF_8));
        IOException error = assertThrows(IOException.class,
                () -> TarExtractor.extract(new ByteArrayInputStream(tar.toByteArray()), dir, null));
        assertTrue(error.getMessage().contains("outside"), error.getMessage());
    }

    @Test
    void pinLsPrintsKuboKeys() {
        answer("pin/ls", status(200, "{\"Keys\":{\"bafyA\":{\"Type\":\"recursive\",\"Name\":\"docs\"},\"bafyB\":{\"Type\":\"direct\",\"Name\":\"\"}}}"));
        assertEquals(0, strata("pin", "ls", "--type", "all"), stderr());
        assertEquals("bafyA recursive docs\nbafyB direct\n", stdout());
    }

    @Test
    void blockRmReportsPerBlockErrors() {
        answer("block/rm", status(200, "{\"Hash\":\"bafkA\",\"Error\":\"\"}\n{\"Hash\":\"bafkB\",\"Error\":\"pinned: recursive\"}\n"));
        assertEquals(1, strata("block", "rm", "bafkA", "bafkB"));
        assertEquals("removed bafkA\n", stdout());
        assertEquals("Error: cannot remove bafkB: pinned: recursive\n", stderr());
    }

    @Test
    void repoGcPrintsRemovedBlocksAndStreamedErrors() {
        answer("repo/gc", status(200, "{\"Key\":{\"/\":\"bafkGone\"}}\n{\"Key\":null,\"Error\":\"block bafyX missing\"}\n"));
        assertEquals(1, strata("repo", "gc"));
        assertEquals("removed bafkGone\n", stdout());
        assertEquals("Error: block bafyX missing\n", stderr());
        assertEquals("stream-errors=true", requests.get(0).query());
    }

    @Test
    void repoStatAlignsKuboFields() {
        answer("repo/stat", status(200, "{\"RepoSize\":12,\"StorageMax\":1000,\"NumObjects\":3,\"RepoPath\":\"/r\",\"Version\":\"fs-repo@16\"}"));
        assertEquals(0, strata("repo", "stat"), stderr());
        assertEquals("NumObjects: 3\nRepoSize:   12\nStorageMax: 1000\nRepoPath:   /r\nVersion:    fs-repo@16\n", stdout());
    }

    @Test
    void versionNeedsNoDaemon() {
        assertEquals(0, strata("version"));
        assertTrue(stdout().matches("strata version \\d+\\.\\d+\\.\\d+.*\n"), stdout());
    }

    @Test
    void apiAddressesAreMultiaddrsOrUrls() {
        assertEquals(URI.create("http://127.0.0.1:5001"), ClientCommand.parseAddress("/ip4/127.0.0.1/tcp/5001"));
        assertEquals(URI.create("http://[::1]:5001"), ClientCommand.parseAddress("/ip6/::1/tcp/5001"));
        assertEquals(URI.create("http://node-0.strata:5001"), ClientCommand.parseAddress("/dns/node-0.strata/tcp/5001/http"));
        assertEquals(URI.create("http://localhost:5001"), ClientCommand.parseAddress("http://localhost:5001/"));
        assertEquals(URI.create("http://localhost:5001"), ClientCommand.parseAddress("localhost:5001"));
        assertThrows(IllegalArgumentException.class, () -> ClientCommand.parseAddress("/ip4/127.0.0.1/udp/5001"));
    }

    private static void tarEntry(ByteArrayOutputStream tar, String name, char type, byte[] data) throws IOException {
        byte[] header = new byte[512];
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        put(header, 100, String.format("%07o", type == '5' ? 0755 : 0644));
        put(header, 124, String.format("%011o", data.length));
        put(header, 136, String.format("%011o", 0));
        header[156] = (byte) type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        int checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        put(header, 148, String.format("%06o", checksum));
        header[154] = 0;
        tar.write(header);
        tar.write(data);
        tar.write(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}

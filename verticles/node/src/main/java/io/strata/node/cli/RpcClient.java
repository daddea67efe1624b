package io.strata.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A client of the Kubo RPC API: {@code POST /api/v0/<command>?arg=...}. Request and response bodies are
 * streamed; nothing holds a whole file. Error replies become {@link RpcException} with the server's Message.
 */
public final class RpcClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;

    public RpcClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public URI base() {
        return base;
    }

    /** Query parameters in order; {@code arg} may repeat. */
    public static final class Query {
        private final List<String> pairs = new ArrayList<>();

        public Query arg(String value) {
            return add("arg", value);
        }

        public Query add(String name, Object value) {
            if (value != null) {
                pairs.add(encode(name) + "=" + encode(value.toString()));
            }
            return this;
        }

        String render() {
            return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
        }

        private static String encode(String text) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    /** Calls a command with no body and answers the streamed response body (close it). */
    public InputStream stream(String command, Query query) throws RpcException {
        return stream(command, query, HttpRequest.BodyPublishers.noBody(), null);
    }

    public InputStream stream(String command, Query query, HttpRequest.BodyPublisher body, String contentType)
            throws RpcException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/v0/" + command + query.render()))
                .POST(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new RpcException("cannot connect to the API at " + base + " (is the daemon running? start it with: strata daemon)", e);
        } catch (IOException e) {
            throw new RpcException("request to " + base + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException("interrupted", e);
        }
        if (response.statusCode() >= 300) {
            throw new RpcException(errorMessage(response));
        }
        OptionalLong announced = response.headers().firstValueAsLong("X-Content-Length");
        return announced.isPresent() ? new LengthCheckedStream(response.body(), announced.getAsLong(), command)
                : response.body();
    }

    /**
     * Kubo reports a failure after the response began only in the {@code X-Stream-Error} trailer, which the
     * JDK client drops; when the server announced the length ({@code X-Content-Length}), a body that ends
     * short is at least reported as an error instead of passing for complete output.
     */
    private static final class LengthCheckedStream extends FilterInputStream {
        private final long expected;
        private final String command;
        private long received;

        LengthCheckedStream(InputStream in, long expected, String command) {
            super(in);
            this.expected = expected;
            this.command = command;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                checkComplete();
            } else {
                received++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                checkComplete();
            } else {
                received += n;
            }
            return n;
        }

        private void checkComplete() throws IOException {
            if (received < expected) {
                throw new IOException(command + " ended after " + received + " of " + expected
                        + " bytes: the node failed while sending");
            }
        }
    }

    /** Calls a command that answers one JSON value. */
    public JsonNode json(String command, Query query) throws RpcException {
        return json(command, query, HttpRequest.BodyPublishers.noBody(), null);
    }

    public JsonNode json(String command, Query query, HttpRequest.BodyPublisher body, String contentType)
            throws RpcException {
        try (InputStream in = stream(command, query, body, contentType)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new RpcException("unreadable reply to " + command + ": " + e.getMessage(), e);
        }
    }

    /** Calls a command that streams newline-delimited JSON values, handing each to {@code onValue} as it arrives. */
    public void jsonLines(String command, Query query, HttpRequest.BodyPublisher body, String contentType,
                          JsonConsumer onValue) throws RpcException {
        try (InputStream in = stream(command, query, body, contentType);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    onValue.accept(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new RpcException("unreadable reply to " + command + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    public interface JsonConsumer {
        void accept(JsonNode value) throws RpcException;
    }

    static String pretty(JsonNode value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (IOException e) {
            return value.toString();
        }
    }

    private static String errorMessage(HttpResponse<InputStream> response) {
        String text;
        try (InputStream in = response.body()) {
            text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "HTTP " + response.statusCode();
        }
        try {
            JsonNode error = JSON.readTree(text);
            if (error != null && error.hasNonNull("Message")) {
                return error.get("Message").asText();
            }
        } catch (IOException notJson) {
            // fall through to the raw text
        }
        return text.isBlank() ? "HTTP " + response.statusCode() : text.strip();
    }
}

package io.strata.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to answer, decided on a worker thread: status, headers, and a body that is either absent, a few
 * bytes already in hand, or a stream produced later on a worker thread.
 */
record PreparedResponse(int status, Map<String, String> headers, Body body) {

    sealed interface Body {
    }

    record NoBody() implements Body {
    }

    record BytesBody(byte[] data) implements Body {
    }

    /**
     * @param length the body's length when known up front (sent as Content-Length), or -1 (chunked)
     */
    record StreamBody(long length, BodyWriter writer) implements Body {
    }

    @FunctionalInterface
    interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    static PreparedResponse of(int status, Map<String, String> headers, Body body) {
        return new PreparedResponse(status, new LinkedHashMap<>(headers), body);
    }
}

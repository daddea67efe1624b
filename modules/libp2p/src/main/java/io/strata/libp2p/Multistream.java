package io.strata.libp2p;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The multistream-select 1.0 wire format: each message is a uvarint-length-prefixed, newline-terminated line. */
final class Multistream {

    static final String PROTOCOL_ID = "/multistream/1.0.0";
    static final String NOT_AVAILABLE = "na";
    static final String LIST = "ls";
    /** Longest line we accept, newline included; protocol ids are short paths. */
    static final int MAX_LINE = 1024;

    private Multistream() {
    }

    static byte[] line(String text) {
        return LengthPrefixedReader.frame((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static byte[] lines(String... texts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String text : texts) {
            out.writeBytes(line(text));
        }
        return out.toByteArray();
    }

    /** The text of a received message, which must end with a newline. */
    static String text(byte[] message) {
        if (message.length == 0 || message[message.length - 1] != '\n') {
            throw new Libp2pException(Libp2pException.Code.MALFORMED_NEGOTIATION,
                    "multistream message of " + message.length + " bytes does not end with a newline");
        }
        return new String(message, 0, message.length - 1, StandardCharsets.UTF_8);
    }
}

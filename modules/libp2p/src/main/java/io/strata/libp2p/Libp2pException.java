package io.strata.libp2p;

/** A peer broke a libp2p protocol or failed authentication; {@link #code()} is machine-readable. */
public final class Libp2pException extends RuntimeException {

    public enum Code {
        /** A multistream-select message that is not a length-prefixed, newline-terminated line of sane length. */
        MALFORMED_NEGOTIATION,
        /** The peer supports none of the protocols we proposed. */
        PROTOCOL_NOT_SUPPORTED,
        /** A Noise handshake message of the wrong size or shape, or one that fails to decrypt. */
        HANDSHAKE_FAILED,
        /** The handshake payload's identity key or signature does not verify, or names the wrong peer. */
        BAD_IDENTITY,
        /** A transport message that fails authentication after the handshake. */
        DECRYPT_FAILED,
        /** A Yamux frame that breaks the protocol: bad version, type, flags, stream id or state. */
        MUXER_PROTOCOL_ERROR,
        /** The peer sent more data on a Yamux stream than the window we granted. */
        WINDOW_EXCEEDED,
        /** A length-prefixed message larger than the protocol allows. */
        MESSAGE_TOO_LARGE
    }

    private final Code code;

    public Libp2pException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Libp2pException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}

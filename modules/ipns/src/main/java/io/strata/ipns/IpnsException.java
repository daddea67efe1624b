package io.strata.ipns;

/** An IPNS name or record that cannot be used; {@link #code()} is machine readable, the message says why. */
public final class IpnsException extends RuntimeException {

    public enum Code {
        /** Not an IPNS name: neither a libp2p-key CID, a peer id, nor either after {@code /ipns/}. */
        INVALID_NAME,
        /** A record value that is not a content path ({@code /ipfs/...}, {@code /ipns/...}). */
        INVALID_VALUE,
        /** Bytes that are not an IpnsEntry with well-formed DAG-CBOR data. */
        MALFORMED_RECORD,
        /** A serialized record over {@value IpnsRecord#MAX_SIZE} bytes. */
        RECORD_TOO_LARGE,
        /** The V2 signature does not verify, or the V1 fields disagree with the signed data. */
        SIGNATURE_INVALID,
        /** The record's validity (EOL) has passed. */
        RECORD_EXPIRED,
        /** A validity type other than EOL. */
        UNSUPPORTED_VALIDITY_TYPE,
        /** The name does not inline its key and the record embeds none. */
        PUBLIC_KEY_MISSING,
        /** The embedded public key is unreadable or is not the key the name was derived from. */
        PUBLIC_KEY_MISMATCH
    }

    private final Code code;

    public IpnsException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public IpnsException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}

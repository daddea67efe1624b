package io.strata.ipns.verticle;

import java.util.Optional;

/** Why an IPNS request failed; {@link #failureCode()} travels in {@code message.fail(code, text)}. */
public enum IpnsError {
    /** The request is malformed: a bad key name, value, name, or option. */
    INVALID_REQUEST(400),
    /** No key of that name. */
    NO_SUCH_KEY(404),
    /** A key of that name exists already. */
    KEY_EXISTS(409),
    /** A record that is invalid for its name (signature, expiry, size, form) or worse than the one already held. */
    INVALID_RECORD(422),
    /** No valid record for the name could be found. */
    NOT_FOUND(410),
    /** Publishing needs the DHT and there is none; Kubo's {@code --allow-offline} overrides. */
    OFFLINE(503),
    /** An /ipns/ chain longer than the depth limit. */
    DEPTH_EXCEEDED(508),
    /** No IPNS verticle answered, or it failed internally (key files, disk). */
    UNAVAILABLE(500);

    private final int failureCode;

    IpnsError(int failureCode) {
        this.failureCode = failureCode;
    }

    public int failureCode() {
        return failureCode;
    }

    public static Optional<IpnsError> byFailureCode(int code) {
        for (IpnsError error : values()) {
            if (error.failureCode == code) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }
}

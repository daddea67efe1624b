package io.strata.api.rpc;

/** The error categories of Kubo's command library; the number is the {@code Code} field of an error response. */
public enum ErrorType {
    NORMAL(0),
    CLIENT(1),
    IMPLEMENTATION(2),
    RATE_LIMITED(3),
    FORBIDDEN(4);

    private final int code;

    ErrorType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Kubo answers client errors with 400 and every other command error with 500. */
    public int httpStatus() {
        return this == CLIENT ? 400 : 500;
    }
}

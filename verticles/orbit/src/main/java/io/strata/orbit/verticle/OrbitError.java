package io.strata.orbit.verticle;

/** Failure codes of {@link OrbitContract#REQUEST} replies; the HTTP API maps them to statuses in one place. */
public enum OrbitError {
    BAD_REQUEST(400),
    NOT_FOUND(404),
    FORBIDDEN(403),
    CONFLICT(409),
    INTERNAL(500);

    private final int httpStatus;

    OrbitError(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The failure code carried by an event-bus {@code ReplyException}. */
    public int failureCode() {
        return httpStatus;
    }

    /** The {@code Code} of a Kubo-style error body: 1 for the caller's mistakes, 4 forbidden, 0 otherwise. */
    public int kuboCode() {
        return switch (this) {
            case BAD_REQUEST, NOT_FOUND, CONFLICT -> 1;
            case FORBIDDEN -> 4;
            case INTERNAL -> 0;
        };
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static OrbitError fromFailureCode(int code) {
        for (OrbitError error : values()) {
            if (error.httpStatus == code) {
                return error;
            }
        }
        return INTERNAL;
    }
}

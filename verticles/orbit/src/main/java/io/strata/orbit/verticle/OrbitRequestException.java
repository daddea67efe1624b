package io.strata.orbit.verticle;

/** A request the verticle refuses, with the {@link OrbitError} its reply fails with. */
final class OrbitRequestException extends RuntimeException {

    private final OrbitError error;

    OrbitRequestException(OrbitError error, String message) {
        super(message);
        this.error = error;
    }

    OrbitError error() {
        return error;
    }
}

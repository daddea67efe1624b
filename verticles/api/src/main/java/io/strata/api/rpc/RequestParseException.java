package io.strata.api.rpc;

/**
 * A request rejected before its command ran (bad option value, missing argument). Kubo answers these
 * with a plain-text 400, not with a JSON error object.
 */
public final class RequestParseException extends RuntimeException {

    public RequestParseException(String message) {
        super(message);
    }
}

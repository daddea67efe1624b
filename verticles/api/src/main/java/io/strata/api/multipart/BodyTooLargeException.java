package io.strata.api.multipart;

import java.io.IOException;

/**
 * A request body without a declared length (chunked) grew past {@code api.maxRequestBodyBytes}; a declared
 * length past the limit is refused before the body is read ({@code ApiGuard}). The API answers 413.
 */
public final class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("request body is larger than the limit of " + limit + " bytes (api.maxRequestBodyBytes)");
    }
}

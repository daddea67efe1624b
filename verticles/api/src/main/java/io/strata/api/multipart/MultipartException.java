package io.strata.api.multipart;

import java.io.IOException;

/** A multipart/form-data body that does not parse: no boundary, a truncated body, malformed part headers. */
public final class MultipartException extends IOException {

    public MultipartException(String message) {
        super(message);
    }
}

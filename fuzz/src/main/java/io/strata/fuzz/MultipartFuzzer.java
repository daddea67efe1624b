package io.strata.fuzz;

import io.strata.api.multipart.MultipartException;
import io.strata.api.multipart.MultipartReader;
import io.strata.api.multipart.Part;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** An `add` upload body read part by part to its end: parts or a {@link MultipartException}. */
public final class MultipartFuzzer {

    private MultipartFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(input), FuzzSeeds.MULTIPART_BOUNDARY);
        byte[] sink = new byte[4096];
        try {
            Part part;
            while ((part = reader.next()) != null) {
                part.contentType();
                InputStream body = part.body();
                while (body.read(sink) >= 0) {
                    body.available();
                }
            }
        } catch (MultipartException expected) {
            // the documented outcome for malformed bodies
        } catch (IOException e) {
            throw new UncheckedIOException("MultipartReader raised a non-multipart IOException on an in-memory stream", e);
        }
    }
}

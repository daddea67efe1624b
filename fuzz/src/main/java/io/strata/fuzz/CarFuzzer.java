package io.strata.fuzz;

import io.strata.ipld.IpldException;
import io.strata.ipld.car.CarReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A CAR archive read to its end, as `dag/import` and the gateway's CAR responses do: blocks or an {@link IpldException}. */
public final class CarFuzzer {

    private CarFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(input))) {
            while (reader.next().isPresent()) {
                reader.offset();
            }
        } catch (IpldException expected) {
            // the documented outcome for malformed archives
        } catch (IOException e) {
            // an in-memory stream cannot fail, so an IOException means the reader invented one
            throw new UncheckedIOException("CarReader raised an IOException on an in-memory stream", e);
        }
    }
}

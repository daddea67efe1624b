package io.strata.deals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The client's label of a deal: Filecoin encodes it as a CBOR text string or a CBOR byte string, and limits
 * its length in bytes (UTF-8 for text) to {@link MarketPolicy#maxLabelSize()}.
 */
public sealed interface DealLabel {

    DealLabel EMPTY = new Text("");

    /** Length in bytes, as the market measures it. */
    int length();

    static DealLabel text(String text) {
        return new Text(text);
    }

    static DealLabel bytes(byte[] bytes) {
        return new Bytes(bytes);
    }

    /** Valid UTF-8 text: the form clients use for a payload CID. */
    record Text(String value) implements DealLabel {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public int length() {
            return value.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /** Arbitrary bytes. */
    record Bytes(byte[] value) implements DealLabel {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public int length() {
            return value.length;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes that && Arrays.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + value.length + " bytes]";
        }
    }
}

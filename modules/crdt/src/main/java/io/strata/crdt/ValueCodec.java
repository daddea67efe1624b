package io.strata.crdt;

import io.strata.ipld.codec.DataModel;

import static io.strata.crdt.CrdtException.Code.STATE_MALFORMED;

/**
 * Maps the values a register or set holds to and from the IPLD data model. Two values are the same
 * element exactly when their dag-cbor encodings are equal.
 */
public interface ValueCodec<T> {

    Object toDataModel(T value);

    /** @throws CrdtException {@code STATE_MALFORMED} when {@code value} is not a T */
    T fromDataModel(Object value);

    ValueCodec<String> STRING = heldAs(String.class, "a string");

    ValueCodec<Long> LONG = heldAs(Long.class, "an integer in the signed 64-bit range");

    /** Any IPLD data model value, held as itself. */
    ValueCodec<Object> DATA_MODEL = new ValueCodec<>() {
        @Override
        public Object toDataModel(Object value) {
            DataModel.kindOf(value);
            return value;
        }

        @Override
        public Object fromDataModel(Object value) {
            return value;
        }
    };

    /** A codec for values the data model holds as {@code type} itself. */
    private static <T> ValueCodec<T> heldAs(Class<T> type, String expected) {
        return new ValueCodec<>() {
            @Override
            public Object toDataModel(T value) {
                return value;
            }

            @Override
            public T fromDataModel(Object value) {
                if (type.isInstance(value)) {
                    return type.cast(value);
                }
                throw new CrdtException(STATE_MALFORMED, "expected " + expected + ", got " + value);
            }
        };
    }
}

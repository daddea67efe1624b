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

    ValueCodec<String> STRING = new ValueCodec<>() {
        @Override
        public Object toDataModel(String value) {
            return value;
        }

        @Override
        public String fromDataModel(Object value) {
            if (value instanceof String string) {
                return string;
            }
            throw new CrdtException(STATE_MALFORMED, "expected a string, got " + value);
        }
    };

    ValueCodec<Long> LONG = new ValueCodec<>() {
        @Override
        public Object toDataModel(Long value) {
            return value;
        }

        @Override
        public Long fromDataModel(Object value) {
            if (value instanceof Long number) {
                return number;
            }
            throw new CrdtException(STATE_MALFORMED, "expected an integer in the signed 64-bit range, got " + value);
        }
    };

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
}

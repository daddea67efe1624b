package io.strata.crdt;

import io.strata.ipld.codec.DagCbor;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static io.strata.crdt.CrdtException.Code.STATE_MALFORMED;

/**
 * A last-writer-wins register ordered by {@link HlcTimestamp}s (never a bare wall clock). Should two
 * assignments carry the same timestamp, which a correct HLC never issues, the larger dag-cbor encoding of
 * the value wins so that merge stays deterministic. Immutable.
 */
public final class LwwRegister<T> implements Crdt<LwwRegister<T>> {

    private final ValueCodec<T> codec;
    private final T value;
    private final HlcTimestamp timestamp;

    private LwwRegister(ValueCodec<T> codec, T value, HlcTimestamp timestamp) {
        this.codec = codec;
        this.value = value;
        this.timestamp = timestamp;
    }

    /** A register never assigned. */
    public static <T> LwwRegister<T> empty(ValueCodec<T> codec) {
        return new LwwRegister<>(Objects.requireNonNull(codec, "codec"), null, null);
    }

    public Optional<T> value() {
        return Optional.ofNullable(value);
    }

    public Optional<HlcTimestamp> timestamp() {
        return Optional.ofNullable(timestamp);
    }

    /** Assigns {@code newValue} at {@code at}; an assignment older than the current one loses. */
    public Mutation<LwwRegister<T>> assign(T newValue, HlcTimestamp at) {
        LwwRegister<T> delta = new LwwRegister<>(codec, Objects.requireNonNull(newValue, "newValue"),
                Objects.requireNonNull(at, "at"));
        return new Mutation<>(merge(delta), delta);
    }

    @Override
    public LwwRegister<T> merge(LwwRegister<T> other) {
        if (other.timestamp == null) {
            return this;
        }
        if (timestamp == null) {
            return other;
        }
        int order = timestamp.compareTo(other.timestamp);
        if (order == 0) {
            order = Arrays.compareUnsigned(encodedValue(), other.encodedValue());
        }
        return order >= 0 ? this : other;
    }

    /** {@code {}} when never assigned, else {@code {"t": timestamp, "v": value}}. */
    @Override
    public Object toDataModel() {
        if (timestamp == null) {
            return Map.of();
        }
        return Map.of("t", timestamp.toDataModel(), "v", codec.toDataModel(value));
    }

    /** @throws CrdtException {@code STATE_MALFORMED} unless {@code state} is what {@link #toDataModel()} writes */
    public static <T> LwwRegister<T> fromDataModel(Object state, ValueCodec<T> codec) {
        if (!(state instanceof Map<?, ?> map)) {
            throw new CrdtException(STATE_MALFORMED, "an LWW register is a map, got " + state);
        }
        if (map.isEmpty()) {
            return empty(codec);
        }
        if (map.size() != 2 || !map.containsKey("t") || !map.containsKey("v")) {
            throw new CrdtException(STATE_MALFORMED, "an assigned LWW register is {t, v}, got keys " + map.keySet());
        }
        T value = codec.fromDataModel(map.get("v"));
        if (value == null) {
            throw new CrdtException(STATE_MALFORMED, "an assigned LWW register holds a value");
        }
        return new LwwRegister<>(codec, value, HlcTimestamp.fromDataModel(map.get("t")));
    }

    public static <T> LwwRegister<T> decode(byte[] bytes, ValueCodec<T> codec) {
        return fromDataModel(DagCbor.decode(bytes), codec);
    }

    private byte[] encodedValue() {
        return DagCbor.encode(codec.toDataModel(value));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LwwRegister<?> register && Objects.equals(timestamp, register.timestamp)
                && (timestamp == null || Arrays.equals(encodedValue(), register.encodedValue()));
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(timestamp);
    }

    @Override
    public String toString() {
        return "LwwRegister{" + value + " @ " + timestamp + "}";
    }
}

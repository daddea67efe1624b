package io.strata.orbit.store;

import io.strata.crdt.log.LogEntry;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The payload OrbitDB's databases append: {@code {op, key, value}} ({@code ADD} with a null key for events,
 * {@code PUT} and {@code DEL} with a null value for keyvalue and documents; {@code INC} and {@code DEC} with
 * a positive integer value for our counter).
 *
 * @param key   an IPLD data model value or null
 * @param value an IPLD data model value or null
 */
public record Operation(String op, Object key, Object value) {

    public static final String ADD = "ADD";
    public static final String PUT = "PUT";
    public static final String DEL = "DEL";
    public static final String INC = "INC";
    public static final String DEC = "DEC";

    public Operation {
        Objects.requireNonNull(op, "op");
    }

    /** The entry payload: a map whose null key and value are written as dag-cbor null, as OrbitDB does. */
    public Map<String, Object> toPayload() {
        Map<String, Object> payload = new HashMap<>();
        payload.put("op", op);
        payload.put("key", key);
        payload.put("value", value);
        return payload;
    }

    /**
     * The entry's operation, or empty when its payload is not {@code {op, key, value}}: such entries are part
     * of the log (another program may write them) but no store's index reads them.
     */
    public static Optional<Operation> of(LogEntry entry) {
        if (entry.payload() instanceof Map<?, ?> payload && payload.get("op") instanceof String op) {
            return Optional.of(new Operation(op, payload.get("key"), payload.get("value")));
        }
        return Optional.empty();
    }
}

package io.strata.kademlia;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DHT value records held by this node (PUT_VALUE / GET_VALUE). Every incoming value is validated,
 * and when a record already exists the validator's selector decides which one is kept, so a stale
 * value can never replace a newer one. Not thread-safe.
 */
public final class ValueStore {

    private final RecordValidator validator;
    private final Map<KademliaKey, ValueRecord> records = new HashMap<>();

    public ValueStore(RecordValidator validator) {
        this.validator = validator;
    }

    /**
     * Validates and stores the value unless the stored one is better.
     *
     * @return true when the value is now the stored one
     * @throws KademliaException INVALID_RECORD when the validator rejects the value
     */
    public boolean put(byte[] key, byte[] value, long nowMillis) {
        validator.validate(key, value);
        KademliaKey kademliaKey = KademliaKey.ofKey(key);
        ValueRecord existing = records.get(kademliaKey);
        if (existing != null && validator.select(key, List.of(existing.value(), value)) == 0) {
            return false;
        }
        records.put(kademliaKey, new ValueRecord(key, value, nowMillis));
        return true;
    }

    public Optional<ValueRecord> get(byte[] key) {
        return Optional.ofNullable(records.get(KademliaKey.ofKey(key)));
    }

    public int size() {
        return records.size();
    }
}

package io.strata.kademlia;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * GET_VALUE: an iterative lookup that collects valid values for a record key and stops once
 * {@code quorum} peers returned one. Values the validator rejects count as answers without a value.
 * The best value is chosen by the validator's selector.
 */
public final class ValueLookup extends IterativeLookup {

    private final byte[] recordKey;
    private final RecordValidator validator;
    private final int quorum;
    private final List<byte[]> values = new ArrayList<>();

    public ValueLookup(KademliaPeer self, byte[] recordKey, Collection<KademliaPeer> seeds,
                       KademliaConfig config, RecordValidator validator, int quorum) {
        super(self, KademliaKey.ofKey(recordKey), seeds, config);
        if (quorum < 1) {
            throw new KademliaException(KademliaException.Code.INVALID_ARGUMENT,
                    "quorum must be positive, got " + quorum);
        }
        this.recordKey = recordKey.clone();
        this.validator = validator;
        this.quorum = quorum;
    }

    /** A queried peer answered with a value (or null when it has none) and closer peers. */
    public void onResponse(KademliaPeer peer, Collection<KademliaPeer> closerPeers, byte[] value) {
        acceptResponse(peer, closerPeers, () -> {
            if (value != null && isValid(value)) {
                values.add(value.clone());
            }
        });
    }

    public int valuesFound() {
        return values.size();
    }

    /** The validator's choice among the values found. */
    public Optional<byte[]> bestValue() {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(values.get(validator.select(recordKey, List.copyOf(values))).clone());
    }

    @Override
    protected boolean isSatisfied() {
        return values.size() >= quorum;
    }

    private boolean isValid(byte[] value) {
        try {
            validator.validate(recordKey, value);
            return true;
        } catch (KademliaException e) {
            return false;
        }
    }
}

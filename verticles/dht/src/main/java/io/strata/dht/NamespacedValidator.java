package io.strata.dht;

import io.strata.kademlia.KademliaException;
import io.strata.kademlia.RecordValidator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dispatches validation to the validator of a record key's namespace, as go-libp2p-record's
 * NamespacedValidator: the key {@code /ipns/<bytes>} belongs to namespace {@code ipns}. A key outside
 * every registered namespace is an invalid record.
 */
public final class NamespacedValidator implements RecordValidator {

    private final Map<String, RecordValidator> byNamespace;

    public NamespacedValidator(Map<String, RecordValidator> byNamespace) {
        this.byNamespace = Map.copyOf(byNamespace);
    }

    /** The namespace of a key: the text between its first two slashes; empty when it has none. */
    public static Optional<String> namespace(byte[] key) {
        if (key.length < 3 || key[0] != '/') {
            return Optional.empty();
        }
        for (int i = 1; i < key.length; i++) {
            if (key[i] == '/') {
                return i == 1 ? Optional.empty()
                        : Optional.of(new String(key, 1, i - 1, StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    public boolean accepts(byte[] key) {
        return namespace(key).map(byNamespace::containsKey).orElse(false);
    }

    @Override
    public void validate(byte[] key, byte[] value) {
        validatorOf(key).validate(key, value);
    }

    @Override
    public int select(byte[] key, List<byte[]> values) {
        return validatorOf(key).select(key, values);
    }

    private RecordValidator validatorOf(byte[] key) {
        Optional<String> namespace = namespace(key);
        RecordValidator validator = namespace.map(byNamespace::get).orElse(null);
        if (validator == null) {
            throw new KademliaException(KademliaException.Code.INVALID_RECORD, namespace
                    .map(name -> "no validator for the record namespace '" + name + "'")
                    .orElse("a record key must look like /<namespace>/<key>"));
        }
        return validator;
    }
}

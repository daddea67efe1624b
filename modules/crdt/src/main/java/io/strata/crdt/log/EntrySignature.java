package io.strata.crdt.log;

import java.util.Objects;

/**
 * The fields OrbitDB adds to a signed entry: {@code key} (the writer's public key), {@code identity}
 * (the writer's identity hash) and {@code sig} (the signature over the entry's unsigned dag-cbor bytes),
 * each a string as OrbitDB writes them.
 */
public record EntrySignature(String key, String identity, String sig) {

    public EntrySignature {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(sig, "sig");
    }
}

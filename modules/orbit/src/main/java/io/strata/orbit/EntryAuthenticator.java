package io.strata.orbit;

import io.strata.crdt.log.EntrySignature;
import io.strata.crdt.log.EntryVerifier;
import io.strata.crdt.log.LogEntry;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admits an entry to a log as OrbitDB's {@code joinEntry} and {@code ipfs} access controller do: the entry
 * is signed; its identity resolves, is valid, and is on the write list (or the list holds {@code *}); and
 * its signature over the unsigned entry verifies with its key. Unlike OrbitDB we also require the entry's
 * key to be its identity's signing key, so an entry cannot borrow another writer's identity. Identities
 * that verified are remembered by hash (their bytes are immutable).
 */
public final class EntryAuthenticator implements EntryVerifier {

    private final IdentityResolver identities;
    private final AccessControllerManifest access;
    private final Map<String, Identity> verified = new ConcurrentHashMap<>();

    public EntryAuthenticator(IdentityResolver identities, AccessControllerManifest access) {
        this.identities = Objects.requireNonNull(identities, "identities");
        this.access = Objects.requireNonNull(access, "access");
    }

    @Override
    public boolean accepts(LogEntry entry) {
        Optional<EntrySignature> signature = entry.signature();
        if (signature.isEmpty()) {
            return false;
        }
        Optional<Identity> identity = verifiedIdentity(signature.get().identity());
        return identity.isPresent()
                && access.admits(identity.get().id())
                && identity.get().publicKey().equals(signature.get().key())
                && Signatures.verify(signature.get().sig(), signature.get().key(), entry.unsignedBytes());
    }

    /** For an entry just signed here: the same checks but the signature itself, which cannot be wrong. */
    @Override
    public boolean acceptsOwn(LogEntry entry) {
        Optional<EntrySignature> signature = entry.signature();
        if (signature.isEmpty()) {
            return false;
        }
        Optional<Identity> identity = verifiedIdentity(signature.get().identity());
        return identity.isPresent()
                && access.admits(identity.get().id())
                && identity.get().publicKey().equals(signature.get().key());
    }

    private Optional<Identity> verifiedIdentity(String hash) {
        Identity known = verified.get(hash);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Identity> resolved = identities.resolve(hash)
                .filter(identity -> identity.hash().equals(hash))
                .filter(Signatures::verifyIdentity);
        resolved.ifPresent(identity -> verified.put(hash, identity));
        return resolved;
    }
}

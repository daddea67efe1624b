package io.strata.orbit;

import java.util.Optional;

/** Finds an identity by the hash entries carry (from the block store, or from peers). */
@FunctionalInterface
public interface IdentityResolver {

    Optional<Identity> resolve(String hash);
}

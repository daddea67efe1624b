package io.strata.deals;

import io.strata.crypto.Ed25519PublicKey;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static io.strata.deals.DealsException.Code.INVALID_SIGNATURE;

/** The Ed25519 public keys of known client addresses; immutable, {@link #with} returns a new registry. */
public final class Ed25519Accounts implements ClientAuthenticator {

    private final Map<FilecoinAddress, Ed25519PublicKey> keys;

    private Ed25519Accounts(Map<FilecoinAddress, Ed25519PublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    public static Ed25519Accounts empty() {
        return new Ed25519Accounts(Map.of());
    }

    public Ed25519Accounts with(FilecoinAddress address, Ed25519PublicKey key) {
        Map<FilecoinAddress, Ed25519PublicKey> copy = new HashMap<>(keys);
        copy.put(address, key);
        return new Ed25519Accounts(copy);
    }

    public Optional<Ed25519PublicKey> keyOf(FilecoinAddress address) {
        return Optional.ofNullable(keys.get(address));
    }

    @Override
    public void authenticate(FilecoinAddress client, byte[] message, DealSignature signature) {
        Ed25519PublicKey key = keys.get(client);
        if (key == null) {
            throw new DealsException(INVALID_SIGNATURE, "client " + client + " has no known Ed25519 key");
        }
        if (signature.type() != DealSignature.Type.ED25519) {
            throw new DealsException(INVALID_SIGNATURE, "client " + client + " signs with Ed25519; the proposal"
                    + " carries a " + signature.type() + " signature");
        }
        if (!key.verify(message, signature.data())) {
            throw new DealsException(INVALID_SIGNATURE, "the signature is not client " + client
                    + "'s Ed25519 signature of this proposal");
        }
    }
}

package io.strata.deals;

import io.strata.crypto.Ed25519PrivateKey;

import java.util.Objects;

/**
 * A client that signs with an Ed25519 key (a node's identity key) under an ID address: the account the
 * verifying side's {@link ClientAuthenticator} resolves to the same key's public half.
 */
public record Ed25519ClientKey(FilecoinAddress address, Ed25519PrivateKey privateKey) implements ClientKey {

    public Ed25519ClientKey {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public DealSignature sign(byte[] message) {
        return new DealSignature(DealSignature.Type.ED25519, privateKey.sign(message));
    }
}

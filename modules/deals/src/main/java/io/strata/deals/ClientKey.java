package io.strata.deals;

/**
 * A client account that signs its deal proposals: {@link Secp256k1ClientKey} as Filecoin wallets do, or
 * {@link Ed25519ClientKey} with a node's identity key.
 */
public interface ClientKey {

    /** The address the proposals name as their client. */
    FilecoinAddress address();

    DealSignature sign(byte[] message);
}

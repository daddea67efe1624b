package io.strata.deals;

import io.strata.crypto.Secp256k1PrivateKey;

import java.util.Objects;

/** A client signing as Filecoin wallets do: secp256k1, under its f1 key address. */
public record Secp256k1ClientKey(Secp256k1PrivateKey privateKey) implements ClientKey {

    public Secp256k1ClientKey {
        Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public FilecoinAddress address() {
        return FilecoinAddress.secp256k1(privateKey.publicKey().uncompressed());
    }

    @Override
    public DealSignature sign(byte[] message) {
        return new DealSignature(DealSignature.Type.SECP256K1, FilecoinSecp256k1.sign(privateKey.raw(), message));
    }
}

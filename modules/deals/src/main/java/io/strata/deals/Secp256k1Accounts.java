package io.strata.deals;

import java.util.HashMap;
import java.util.Map;

import static io.strata.deals.DealsException.Code.INVALID_SIGNATURE;

/**
 * Authenticates secp256k1 signatures as Filecoin's account actor does: the public key recovered from the
 * signature must hash to the client's f1 address. A client named by an ID address is resolved to its f1
 * key address first, from the registrations given here (the chain's state does that in Filecoin).
 */
public final class Secp256k1Accounts implements ClientAuthenticator {

    private final Map<FilecoinAddress, FilecoinAddress> keyAddresses;

    private Secp256k1Accounts(Map<FilecoinAddress, FilecoinAddress> keyAddresses) {
        this.keyAddresses = Map.copyOf(keyAddresses);
    }

    public static Secp256k1Accounts create() {
        return new Secp256k1Accounts(Map.of());
    }

    /** Registers the f1 key address behind ID address {@code id}. */
    public Secp256k1Accounts with(FilecoinAddress id, FilecoinAddress keyAddress) {
        if (id.protocol() != FilecoinAddress.Protocol.ID || keyAddress.protocol() != FilecoinAddress.Protocol.SECP256K1) {
            throw new IllegalArgumentException("maps an ID address to a secp256k1 address; got " + id + " -> "
                    + keyAddress);
        }
        Map<FilecoinAddress, FilecoinAddress> copy = new HashMap<>(keyAddresses);
        copy.put(id, keyAddress);
        return new Secp256k1Accounts(copy);
    }

    @Override
    public void authenticate(FilecoinAddress client, byte[] message, DealSignature signature) {
        FilecoinAddress keyAddress = client.protocol() == FilecoinAddress.Protocol.SECP256K1 ? client
                : keyAddresses.get(client);
        if (keyAddress == null) {
            throw new DealsException(INVALID_SIGNATURE, "client " + client + " has no known secp256k1 key address");
        }
        if (signature.type() != DealSignature.Type.SECP256K1) {
            throw new DealsException(INVALID_SIGNATURE, "client " + client + " signs with secp256k1; the proposal"
                    + " carries a " + signature.type() + " signature");
        }
        FilecoinAddress signer = FilecoinAddress.secp256k1(FilecoinSecp256k1.recoverPublicKey(signature.data(), message));
        if (!signer.equals(keyAddress)) {
            throw new DealsException(INVALID_SIGNATURE, "the proposal is signed by " + signer + ", not by client "
                    + client + " (" + keyAddress + ")");
        }
    }
}

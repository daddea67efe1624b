package io.strata.deals;

/**
 * Checks that a client signed a message, as Filecoin's market actor asks the client's account actor
 * (AuthenticateMessage): the proposal names an address, the account behind it knows the key.
 */
@FunctionalInterface
public interface ClientAuthenticator {

    /**
     * @throws DealsException {@code INVALID_SIGNATURE} saying why: unknown client, unsupported signature type,
     *         or a signature its key did not make
     */
    void authenticate(FilecoinAddress client, byte[] message, DealSignature signature);

    /** Sends Ed25519 signatures to {@code ed25519} and secp256k1 ones to {@code secp256k1}; BLS is refused. */
    static ClientAuthenticator bySignatureType(ClientAuthenticator ed25519, ClientAuthenticator secp256k1) {
        return (client, message, signature) -> {
            switch (signature.type()) {
                case ED25519 -> ed25519.authenticate(client, message, signature);
                case SECP256K1 -> secp256k1.authenticate(client, message, signature);
                default -> throw new DealsException(DealsException.Code.INVALID_SIGNATURE, signature.type()
                        + " signatures are not supported; clients sign with secp256k1 or Ed25519");
            }
        };
    }
}

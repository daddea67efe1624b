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
}

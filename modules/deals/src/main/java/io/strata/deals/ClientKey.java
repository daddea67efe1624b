package io.strata.deals;

/** A client account that signs its deal proposals. */
public interface ClientKey {

    /** The address the proposals name as their client. */
    FilecoinAddress address();

    DealSignature sign(byte[] message);
}
